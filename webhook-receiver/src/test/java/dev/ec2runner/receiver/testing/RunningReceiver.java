package dev.ec2runner.receiver.testing;

import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.ReceiverConfig;
import dev.ec2runner.receiver.ReceiverMain;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** The receiver as ReceiverMain wires it, on a loopback port, with the given Kubernetes client; ready when returned. */
public final class RunningReceiver implements AutoCloseable {

  public static final String SECRET = "It's a Secret to Everybody";

  private final KubernetesClient client;
  private final ReceiverMain.Receiver receiver;
  private final WebhookClient webhooks;

  /**
   * @param client the receiver's client (see {@link KubernetesTestServer#receiverClient}); closed with the receiver
   * @param namespace where pools are read and jobs written, or null for all namespaces
   */
  public RunningReceiver(KubernetesClient client, String namespace) {
    this.client = client;
    receiver = ReceiverMain.Receiver.start(new ReceiverConfig("127.0.0.1", 0, List.of("retired-secret", SECRET), namespace,
        1024 * 1024), client);
    webhooks = new WebhookClient(receiver.server().port(), SECRET);
    await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.get("/readyz").status() == 200);
  }

  /** A receiver of the namespace (or of all, when null), acting as its ServiceAccount on the test's API server. */
  public static RunningReceiver on(KubernetesTestServer kubernetes, String namespace) {
    return new RunningReceiver(kubernetes.receiverClient(namespace), namespace);
  }

  public WebhookClient webhooks() {
    return webhooks;
  }

  public int port() {
    return receiver.server().port();
  }

  @Override
  public void close() {
    receiver.close();
    client.close();
  }
}
