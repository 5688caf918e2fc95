package dev.ec2runner.testkit.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test's share of the JVM's real API server ({@link KubeApiServer#shared()}): a namespace of its own
 * ({@link #namespace()}, more with {@link #createNamespace}), an administrator's client, and the clients the test
 * opens for the code under test. Closing it removes the project's objects from its namespaces (finalizers included),
 * so that no later test's operator watching every namespace finds them, and closes the clients.
 */
public final class TestCluster implements AutoCloseable {

  private final KubeApiServer server;
  private final KubernetesClient client;
  private final List<String> namespaces = new CopyOnWriteArrayList<>();
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
  private final String namespace;

  private TestCluster(String prefix) {
    server = KubeApiServer.shared();
    client = track(KubeApiServer.newClient(server.adminConfig()));
    namespace = createNamespace(prefix);
  }

  /** A fresh namespace, named from the prefix, on the shared server. */
  public static TestCluster create(String prefix) {
    return new TestCluster(prefix);
  }

  /** The test's namespace. */
  public String namespace() {
    return namespace;
  }

  /** Another namespace for this test, cleaned with the first. */
  public String createNamespace(String prefix) {
    String name = server.createNamespace(prefix);
    namespaces.add(name);
    return name;
  }

  /** The administrator's client (system:masters): the tests' kubectl. */
  public KubernetesClient client() {
    return client;
  }

  public KubeApiServer server() {
    return server;
  }

  /** Another administrator's client, as a second process would have one; closed with this. */
  public KubernetesClient newClient() {
    return track(KubeApiServer.newClient(server.adminConfig()));
  }

  /** A client of the configuration whose requests pass the interceptor first; closed with this. */
  public KubernetesClient newClient(Config config, Interceptor interceptor) {
    return track(new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("test", interceptor)).build());
  }

  /** An administrator's client whose requests pass the interceptor first; closed with this. */
  public KubernetesClient newClient(Interceptor interceptor) {
    return newClient(server.adminConfig(), interceptor);
  }

  /** A client acting as the ServiceAccount (impersonated): only its RBAC grants count. Closed with this. */
  public KubernetesClient clientAs(String serviceAccountNamespace, String serviceAccount) {
    return track(KubeApiServer.newClient(server.serviceAccountConfig(serviceAccountNamespace, serviceAccount)));
  }

  /** Closes the client with this. */
  public KubernetesClient track(KubernetesClient newClient) {
    clients.add(newClient);
    return newClient;
  }

  @Override
  public void close() {
    for (String ns : namespaces) {
      server.clean(ns);
    }
    clients.forEach(KubernetesClient::close);
  }
}
