package dev.ec2runner.operator.testsupport;

import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test's share of the JVM's real API server ({@link KubeApiServer#shared()}, with the project's CRDs): a
 * namespace of its own ({@link #namespace()}, more with {@link #createNamespace}), an administrator's client, and
 * more clients as other processes would have them. Closing it removes the test's objects (finalizers included) from
 * its namespaces, so that no later test's operator finds them, and closes its clients.
 */
public final class KubernetesTestServer implements AutoCloseable {

  private final KubeApiServer server;
  private final KubernetesClient client;
  private final String namespace;
  private final List<String> namespaces = new CopyOnWriteArrayList<>();
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

  private KubernetesTestServer(KubeApiServer server) {
    this.server = server;
    this.client = track(KubeApiServer.newClient(server.adminConfig()));
    this.namespace = createNamespace("t");
  }

  /** A fresh namespace on the shared server. */
  public static KubernetesTestServer start() {
    return new KubernetesTestServer(KubeApiServer.shared());
  }

  /** A generated CRD, by name (e.g. runnerpools.ec2runner.dev), from the classpath. */
  public static CustomResourceDefinition load(String name) {
    return dev.ec2runner.testkit.kube.Crds.load(name.substring(0, name.indexOf('.')));
  }

  /** The test's namespace. */
  public String namespace() {
    return namespace;
  }

  /** Another namespace for this test (named from the prefix), cleaned with the first. */
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

  /** Another client whose requests pass the interceptor first; closed with this. */
  public KubernetesClient newClient(Interceptor interceptor) {
    return track(new KubernetesClientBuilder().withConfig(server.adminConfig())
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("test", interceptor)).build());
  }

  /** A client acting as the ServiceAccount (impersonated): only its RBAC grants count. Closed with this. */
  public KubernetesClient clientAs(String serviceAccountNamespace, String serviceAccount) {
    Config config = server.serviceAccountConfig(serviceAccountNamespace, serviceAccount);
    return track(KubeApiServer.newClient(config));
  }

  private KubernetesClient track(KubernetesClient newClient) {
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
