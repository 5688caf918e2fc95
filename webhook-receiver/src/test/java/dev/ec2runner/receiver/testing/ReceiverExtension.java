package dev.ec2runner.receiver.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Builds a {@link ReceiverWorld} before each test and closes it after, so no test builds or closes its API server
 * and receiver itself. The world's parts go into the test's {@link Received} fields.
 *
 * <p>Use {@link WithReceiver} on the class for the default world, or register one of other options as a
 * {@code @RegisterExtension} field: {@code ReceiverExtension.of(ReceiverWorld.builder().withoutReceiver())}.
 */
public final class ReceiverExtension implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ReceiverExtension.class);

  private final WorldBuilder world;

  /** The default world (what {@link WithReceiver} registers). */
  public ReceiverExtension() {
    this(ReceiverWorld.builder());
  }

  private ReceiverExtension(WorldBuilder world) {
    this.world = world;
  }

  /** A world of these options for each test. */
  public static ReceiverExtension of(WorldBuilder world) {
    return new ReceiverExtension(world);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    ReceiverWorld built = world.build();
    context.getStore(STORE).put(ReceiverWorld.class, built);
    Object test = context.getRequiredTestInstance();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Received.class) && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          field.set(test, valueFor(field, built));
        }
      }
    }
  }

  private static Object valueFor(Field field, ReceiverWorld world) {
    Class<?> type = field.getType();
    if (type == ReceiverWorld.class) {
      return world;
    }
    if (type == KubernetesTestServer.class) {
      return world.kubernetes();
    }
    if (type == RunningReceiver.class) {
      return world.receiver();
    }
    if (type == WebhookClient.class) {
      return world.receiver().webhooks();
    }
    if (type == String.class) {
      return world.namespace();
    }
    throw new IllegalStateException("@Received field " + field.getName() + " is a " + type.getSimpleName()
        + "; only ReceiverWorld, KubernetesTestServer, RunningReceiver, WebhookClient and String (the namespace)"
        + " are injected");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ReceiverWorld built = context.getStore(STORE).remove(ReceiverWorld.class, ReceiverWorld.class);
    if (built != null) {
      built.close();
    }
  }
}
