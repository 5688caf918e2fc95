package dev.ec2runner.receiver.testing;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.kube.BoundedClientConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
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
 * fabric8's mock API server in CRUD mode on a loopback port, with this project's generated CRDs applied; clients for
 * the code under test are configured like the receiver's (bounded timeouts, no retries).
 */
public final class MockKubernetes implements AutoCloseable {

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

  public MockKubernetes() {
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
    return newClient(namespace, new Interceptor() {
    });
  }

  /** A new client whose requests pass through the interceptor first (to inject races). */
  public KubernetesClient newClient(String namespace, Interceptor interceptor) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withNamespace(namespace)
        .withTrustCerts(true).build();
    return new KubernetesClientBuilder().withConfig(BoundedClientConfig.of(config))
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("test", interceptor)).build();
  }

  /** The API server's base URL. */
  public String url() {
    return server.url("/");
  }

  public KubernetesClient client() {
    return client;
  }

  public void createNamespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  /** Creates the test RunnerPools of pools.yaml in the namespace. */
  public List<RunnerPool> createPools(String namespace) {
    return TestPools.load().stream()
        .map(pool -> client.resources(RunnerPool.class).inNamespace(namespace).resource(pool).create())
        .toList();
  }

  public WorkflowJob workflowJob(String namespace, String name) {
    return client.resources(WorkflowJob.class).inNamespace(namespace).withName(name).get();
  }

  public List<WorkflowJob> workflowJobs(String namespace) {
    return client.resources(WorkflowJob.class).inNamespace(namespace).list().getItems();
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
