package dev.ec2runner.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator: configuration from the environment, the controllers, and the health and metrics endpoint. */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {
  }

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("not starting: {}", e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorComponents components;
    try {
      components = ProductionAdapters.components(config, client);
    } catch (IllegalStateException e) {
      LOG.error("not starting: {}", e.getMessage());
      client.close();
      System.exit(2);
      return;
    }
    run(config, components, client);
  }

  /** Runs until the process is stopped; the client comes from the usual in-cluster or kubeconfig discovery. */
  static void run(OperatorConfig config, OperatorComponents components, KubernetesClient client) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    OperatorRuntime runtime = new OperatorRuntime(client, config, components, registry);
    HealthServer health = new HealthServer(new InetSocketAddress(config.httpPort()), runtime::isReady, registry);
    health.start();
    LOG.info("starting namespaces={} leaderElection={} observeInterval={} httpPort={}",
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(), config.leaderElection(),
        config.observeInterval(), health.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      runtime.close();
      health.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    runtime.start();
    stopped.await();
  }
}
