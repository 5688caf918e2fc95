package dev.ec2runner.receiver.testing;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.receiver.kube.BoundedClientConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server in CRUD mode, with this project's CRDs, kept for one thing the shared real API server
 * cannot do on cue: disappear ({@link #stopServer()}) while a receiver is running. Everything else stands on
 * {@link KubernetesTestServer}.
 */
public final class MockApiServer implements AutoCloseable {

  private static final List<String> CRDS = List.of("runnerpools", "runners", "workflowjobs");
  // The mock server logs every request through java.util.logging; keep test output to what matters.
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApiServer() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the mock API server", e);
    }
    // Fixtures are set up with patient timeouts: the mock server's first requests are slow on a busy machine.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/"))
        .withNamespace("default").withTrustCerts(true).withRequestTimeout(30_000).build()).build();
    for (String crd : CRDS) {
      try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + crd + ".ec2runner.dev-v1.yml")) {
        if (in == null) {
          throw new IllegalStateException("generated CRD " + crd + " not on the classpath: build the crds module first");
        }
        client.apiextensions().v1().customResourceDefinitions().load(in).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A new client of this server, configured as the receiver configures its own. */
  public KubernetesClient newClient(String namespace) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withNamespace(namespace)
        .withTrustCerts(true).build();
    return new KubernetesClientBuilder().withConfig(BoundedClientConfig.of(config)).build();
  }

  /** Creates the test RunnerPools of pools.yaml in the namespace. */
  public void createPools(String namespace) {
    TestPools.load().forEach(pool -> client.resources(RunnerPool.class).inNamespace(namespace).resource(pool).create());
  }

  /** Stops the API server: clients then fail to connect. */
  public void stopServer() {
    server.destroy();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
