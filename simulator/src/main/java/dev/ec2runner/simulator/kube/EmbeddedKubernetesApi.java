package dev.ec2runner.simulator.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A Kubernetes API on 127.0.0.1 for the local sandbox: fabric8's CRUD mock store with what kubectl needs in
 * front of it (discovery, tables, scale, field selectors, streaming watches), so that both fabric8 clients and a
 * real {@code kubectl} can use it as if it were a cluster. Plain HTTP, no authentication, state in memory.
 */
public final class EmbeddedKubernetesApi implements AutoCloseable {

  /** The project's generated CRDs, as the crds jar carries them. */
  public static final List<String> PROJECT_CRDS = List.of(
      "META-INF/fabric8/runnerpools.ec2runner.dev-v1.yml",
      "META-INF/fabric8/runners.ec2runner.dev-v1.yml",
      "META-INF/fabric8/workflowjobs.ec2runner.dev-v1.yml");

  /** How many changes are kept for kubectl's watches; a watch from before them is told to relist. */
  private static final int KEPT_CHANGES = 10_000;

  private final ApiServer server;
  private final String defaultNamespace;
  private final String url;
  private final KubernetesClient client;

  private EmbeddedKubernetesApi(ApiServer server, String defaultNamespace) {
    this.server = server;
    this.defaultNamespace = defaultNamespace;
    this.url = "http://127.0.0.1:" + server.port();
    this.client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
    for (String namespace : new LinkedHashSet<>(List.of("default", defaultNamespace))) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .withNewStatus().withPhase("Active").endStatus().build()).create();
    }
  }

  /** Starts an empty API on a free loopback port; {@code default} is the clients' namespace. */
  public static EmbeddedKubernetesApi start() {
    return start("default");
  }

  /** Starts an empty API on a free loopback port with the given default namespace for clients and kubectl. */
  public static EmbeddedKubernetesApi start(String defaultNamespace) {
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    CrudStore store = new CrudStore(crud);
    CrdCatalog crds = new CrdCatalog(store);
    TableConverter tables = new TableConverter(crds, Clock.systemUTC());
    ChangeLog changes = new ChangeLog(store, crud::requestResourceVersion, KEPT_CHANGES);
    ApiServer server = ApiServer.start(new KubernetesApiDispatcher(store, crds, tables, changes),
        new StreamingWatch(changes, store, tables));
    try {
      return new EmbeddedKubernetesApi(server, defaultNamespace);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The server URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return url;
  }

  public String defaultNamespace() {
    return defaultNamespace;
  }

  /** A client for this API (closed with it), defaulting to {@link #defaultNamespace()}. */
  public KubernetesClient client() {
    return client;
  }

  /** A configuration for clients of this API that the caller builds and closes itself. */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace(defaultNamespace)
        .withHttp2Disable(true).build();
  }

  /** Creates the project's CRDs (RunnerPool, Runner, WorkflowJob) from the classpath. */
  public List<CustomResourceDefinition> applyProjectCrds() {
    List<CustomResourceDefinition> created = new ArrayList<>();
    for (String resource : PROJECT_CRDS) {
      try (InputStream in = EmbeddedKubernetesApi.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath; build the crds module first");
        }
        CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        created.add(client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return created;
  }

  /** Writes a kubeconfig for this API (context {@code ec2runner-sandbox}) and returns its path. */
  public Path writeKubeconfig(Path file) {
    return Kubeconfig.write(file, "ec2runner-sandbox", url, defaultNamespace);
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
