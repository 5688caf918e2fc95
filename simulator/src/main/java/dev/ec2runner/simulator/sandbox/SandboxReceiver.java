package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.receiver.ReceiverConfig;
import dev.ec2runner.receiver.ReceiverMain;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The real webhook receiver, in-process on a free loopback port, with its own Kubernetes client as if it were its
 * own pod. It reads pools in one namespace and writes jobs there, or, without one, reads pools in every namespace
 * and writes each job into its pool's namespace.
 */
final class SandboxReceiver implements AutoCloseable {

  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private final KubernetesClient client;
  private final ReceiverMain.Receiver receiver;

  private SandboxReceiver(KubernetesClient client, ReceiverMain.Receiver receiver) {
    this.client = client;
    this.receiver = receiver;
  }

  /** @param namespace the only namespace to use; null for all */
  static SandboxReceiver start(Config kubernetes, String namespace, Sensitive webhookSecret) {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
    try {
      ReceiverConfig config = new ReceiverConfig("127.0.0.1", 0, List.of(webhookSecret.reveal()), namespace,
          MAX_BODY_BYTES);
      return new SandboxReceiver(client, ReceiverMain.Receiver.start(config, client));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Waits until the receiver's pool cache holds at least this many pools (real time).
   *
   * @throws IllegalStateException when it does not within the timeout
   */
  void awaitPools(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (receiver.pools().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the receiver saw " + receiver.pools().size() + " of " + count
            + " pools within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }

  /** Where GitHub's webhooks go. */
  URI webhookUrl() {
    return URI.create("http://127.0.0.1:" + receiver.server().port() + "/webhook");
  }

  @Override
  public void close() {
    try {
      receiver.close();
    } finally {
      client.close();
    }
  }
}
