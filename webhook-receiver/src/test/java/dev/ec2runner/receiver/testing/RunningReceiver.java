package dev.ec2runner.receiver.testing;

import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.receiver.ReceiverConfig;
import dev.ec2runner.receiver.kube.NamespaceJobCap;
import dev.ec2runner.receiver.ReceiverMain;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * The receiver as ReceiverMain wires it, on a loopback port, with the given Kubernetes client; ready when returned.
 * A test's receiver comes from {@link ReceiverExtension}; a test that needs another (of other rules or namespaces)
 * starts it and closes it itself.
 */
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
    this(client, new ReceiverConfig("127.0.0.1", 0, List.of("retired-secret", SECRET), namespace, 1024 * 1024));
  }

  /** A receiver of the given configuration (its secrets must include {@link #SECRET}). */
  public RunningReceiver(KubernetesClient client, ReceiverConfig config) {
    this.client = client;
    receiver = ReceiverMain.Receiver.start(config, client);
    webhooks = new WebhookClient(receiver.server().port(), SECRET);
    await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.get("/readyz").status() == 200);
  }

  /**
   * A receiver of several namespaces, as the chart runs it when the operator watches them, with the chart's rules in
   * each of them only, and the given allowed scopes.
   */
  public static RunningReceiver on(KubernetesTestServer kubernetes, List<String> namespaces, NamespaceScopes scopes) {
    KubernetesClient client = kubernetes.receiverClient(namespaces);
    return new RunningReceiver(client, new ReceiverConfig("127.0.0.1", 0, List.of(SECRET), namespaces, 1024 * 1024,
        NamespaceJobCap.DEFAULT_MAX_JOBS, scopes));
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
