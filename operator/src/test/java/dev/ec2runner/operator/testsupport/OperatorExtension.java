package dev.ec2runner.operator.testsupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Builds an {@link OperatorWorld} before each test and closes it after. The world goes into the test's
 * {@code @Operated OperatorWorld} field and its namespace into an {@code @Operated String} field.
 *
 * <p>Use {@link WithOperator} on the class for the default world (one operator process of the default configuration),
 * or register one of other options with {@link #of} as a {@code @RegisterExtension} field.
 */
public final class OperatorExtension implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(OperatorExtension.class);

  private final WorldBuilder world;

  /** The default world (what {@link WithOperator} registers). */
  public OperatorExtension() {
    this(OperatorWorld.builder());
  }

  private OperatorExtension(WorldBuilder world) {
    this.world = world;
  }

  /** A world of these options for each test. */
  public static OperatorExtension of(WorldBuilder world) {
    return new OperatorExtension(world);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    OperatorWorld built = world.build();
    context.getStore(STORE).put(OperatorWorld.class, built);
    Object test = context.getRequiredTestInstance();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Operated.class) && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          field.set(test, valueFor(field, built));
        }
      }
    }
  }

  private static Object valueFor(Field field, OperatorWorld world) {
    if (field.getType() == OperatorWorld.class) {
      return world;
    }
    if (field.getType() == String.class) {
      return world.namespace();
    }
    throw new IllegalStateException("@Operated field " + field.getName() + " is a " + field.getType().getSimpleName()
        + "; only OperatorWorld and String (its namespace) are injected");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    OperatorWorld built = context.getStore(STORE).remove(OperatorWorld.class, OperatorWorld.class);
    if (built != null) {
      built.close();
    }
  }
}
