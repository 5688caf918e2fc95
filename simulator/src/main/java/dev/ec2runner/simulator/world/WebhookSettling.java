package dev.ec2runner.simulator.world;

import dev.ec2runner.simulator.github.WebhookSender;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Before stepped time moves on, waits (in real time, bounded) until the webhooks GitHub has queued were delivered,
 * so the receiver of a stepped world sees each event before the next step, as it would in real time.
 */
final class WebhookSettling implements Runnable {

  private static final Duration LIMIT = Duration.ofSeconds(15);
  private static final long PAUSE_NANOS = Duration.ofMillis(1).toNanos();

  private final WebhookSender webhooks;

  WebhookSettling(WebhookSender webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public void run() {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (webhooks.pending() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}
