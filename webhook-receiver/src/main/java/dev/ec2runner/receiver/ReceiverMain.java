package dev.ec2runner.receiver;

import dev.ec2runner.receiver.http.ReceiverServer;
import dev.ec2runner.receiver.http.ServerSettings;
import dev.ec2runner.receiver.kube.BoundedClientConfig;
import dev.ec2runner.receiver.kube.InformerPoolDirectory;
import dev.ec2runner.receiver.kube.KubernetesWorkflowJobWriter;
import dev.ec2runner.receiver.kube.NamespaceJobCap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the webhook receiver: reads the configuration, connects to Kubernetes, serves HTTP until stopped. */
public final class ReceiverMain {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverMain.class);
  private static final int CONFIG_ERROR = 2;

  private ReceiverMain() {
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.err.println(ReceiverConfig.USAGE);
      return;
    }
    ReceiverConfig config;
    try {
      config = ReceiverConfig.parse(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("ec2-runner-webhook-receiver: " + e.getMessage());
      System.exit(CONFIG_ERROR);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(BoundedClientConfig.of(Config.autoConfigure(null))).build();
    Receiver receiver = Receiver.start(config, client);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping: finishing in-flight requests");
      receiver.close();
      client.close();
    }, "receiver-shutdown"));
  }

  /** The running receiver's parts, closed in order: HTTP first (finishing in-flight requests), then the informer. */
  public record Receiver(ReceiverServer server, InformerPoolDirectory pools) implements AutoCloseable {

    /** Wires and starts the receiver for the configuration against the given client. */
    public static Receiver start(ReceiverConfig config, KubernetesClient client) {
      LOG.info("Starting with {}", config);
      InformerPoolDirectory pools = new InformerPoolDirectory(client, config.namespaces(), config.allowedScopes()).start();
      ReceiverMetrics metrics = new ReceiverMetrics();
      metrics.poolCount(pools::size);
      WebhookHandler handler = new WebhookHandler(new WebhookSignature(config.secrets()), pools,
          new NamespaceJobCap(client, new KubernetesWorkflowJobWriter(client), config.maxJobsPerNamespace()));
      ServerSettings settings = ServerSettings.defaults(config.host(), config.port()).withMaxBodyBytes(config.maxBodyBytes());
      ReceiverServer server = new ReceiverServer(settings, handler, pools::notReadyReason, metrics).start();
      return new Receiver(server, pools);
    }

    @Override
    public void close() {
      server.close();
      pools.close();
    }
  }
}
