package dev.ec2runner.receiver.testing;

import dev.ec2runner.testkit.WorldPerTest;

/**
 * Builds a {@link ReceiverWorld} before each test and closes it after, so no test builds or closes its API server
 * and receiver itself. The world's parts go into the test's {@link Received} fields: the {@link ReceiverWorld}, its
 * {@link KubernetesTestServer}, {@link RunningReceiver}, the receiver's {@link WebhookClient}, and a {@code String}
 * (the namespace).
 *
 * <p>Use {@link WithReceiver} on the class for the default world, or register one of other options as a
 * {@code @RegisterExtension} field: {@code ReceiverExtension.of(ReceiverWorld.builder().withoutReceiver())}.
 */
public final class ReceiverExtension extends WorldPerTest<ReceiverWorld> {

  /** The default world (what {@link WithReceiver} registers). */
  public ReceiverExtension() {
    this(ReceiverWorld.builder());
  }

  private ReceiverExtension(WorldBuilder world) {
    super(Received.class, world::build);
  }

  /** A world of these options for each test. */
  public static ReceiverExtension of(WorldBuilder world) {
    return new ReceiverExtension(world);
  }

  @Override
  protected Object partFor(Class<?> type, ReceiverWorld world) {
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
    throw new IllegalStateException("a " + type.getSimpleName() + " is no part of the world; only ReceiverWorld,"
        + " KubernetesTestServer, RunningReceiver, WebhookClient and String (the namespace) are injected");
  }
}
