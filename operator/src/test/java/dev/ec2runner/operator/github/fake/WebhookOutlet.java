package dev.ec2runner.operator.github.fake;

/**
 * Where the fake GitHub hands its webhook events: an HTTP sender posting them to a receiver (the simulator's), or an
 * in-process one. The outlet records every delivery attempt, failed or not, in the fake's delivery log
 * ({@link SimulatedGitHub#deliveries}), where the redelivery API finds the failures.
 */
public interface WebhookOutlet extends AutoCloseable {

  /** No receiver: events are not delivered and nothing is recorded, as when an App has no webhook URL. */
  WebhookOutlet NONE = event -> {
  };

  void send(WebhookEvent event);

  /** Forgets injected delivery faults. */
  default void reset() {
  }

  @Override
  default void close() {
  }
}
