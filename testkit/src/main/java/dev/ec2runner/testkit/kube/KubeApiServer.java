package dev.ec2runner.testkit.kube;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real kube-apiserver and etcd on 127.0.0.1, started through fabric8's kube-api-test in offline mode with RBAC
 * authorization, from the binaries that {@code kube-binaries/build.sh} builds out of the pinned Go modules. The
 * project's CRDs are installed and established before it is handed out.
 *
 * <p>{@link #shared()} is the one server of a test JVM (a module's test run): starting one costs seconds, so tests
 * share it and keep apart by namespace ({@link #createNamespace}). It stops when the JVM exits. {@link #start()}
 * gives a server of one's own: the sandbox's, or a test's second cluster.
 */
public final class KubeApiServer implements AutoCloseable {

  /** System property naming the folder with kube-apiserver, etcd and kubectl; the build sets it. */
  public static final String BINARIES_PROPERTY = "ec2runner.kube.binaries";
  /** Where the build puts them unless told otherwise (the parent pom's kube.binaries). */
  public static final Path DEFAULT_BINARIES = Path.of(System.getProperty("user.home"), ".cache",
      "ec2-runner-operator", "kube-binaries");

  private static final String INSTALL_HINT = "build them with `kube-binaries/build.sh DIR` (needs Go 1.26+; "
      + "`mvn -pl testkit generate-resources` runs it for the default folder) and run the tests through Maven, "
      + "or set -D" + BINARIES_PROPERTY + "=DIR (default " + DEFAULT_BINARIES + ")";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static KubeApiServer shared;
  private static RuntimeException sharedFailure;

  private final Path workDir;
  private final KubeAPIServer server;
  private final String kubeconfig;
  private final Path binaries;
  private final KubernetesClient adminClient;

  private KubeApiServer(Path binaries) {
    this.binaries = binaries;
    try {
      workDir = Files.createTempDirectory("kube-api-server-");
      // kube-api-test looks for <dir>/k8s/<version>-<os>-<arch>/{kube-apiserver,etcd,kubectl}.
      String version = Files.readString(binaries.resolve("VERSION")).trim();
      Path platform = workDir.resolve("k8s").resolve(version + "-linux-" + arch());
      Files.createDirectories(platform.getParent());
      Files.createSymbolicLink(platform, binaries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(workDir.toString())
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        // Loopback only; etcd is kept there by kube-binaries' etcd command.
        .withApiServerFlag("--bind-address", "127.0.0.1")
        .build());
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    adminClient = newClient(adminConfig());
    try {
      Crds.apply(adminClient, "ec2runner-testkit");
    } catch (RuntimeException refused) {
      close();
      throw refused;
    }
  }

  /** The test JVM's server, started on first use and stopped when the JVM exits. */
  public static synchronized KubeApiServer shared() {
    if (sharedFailure != null) {
      throw new IllegalStateException("the shared API server did not start (see the first failure)", sharedFailure);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kube-api-server-stop"));
    }
    return shared;
  }

  /** A server of the caller's own, with the CRDs; the caller closes it. */
  public static KubeApiServer start() {
    return new KubeApiServer(binaries());
  }

  private static Path binaries() {
    String dir = System.getProperty(BINARIES_PROPERTY);
    Path path = dir == null || dir.isBlank() ? DEFAULT_BINARIES : Path.of(dir);
    for (String binary : new String[] {"kube-apiserver", "etcd", "kubectl", "VERSION"}) {
      if (!Files.exists(path.resolve(binary))) {
        throw new IllegalStateException("no " + binary + " in " + path + "; " + INSTALL_HINT);
      }
    }
    return path;
  }

  private static String arch() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") ? "arm64" : arch.equals("x86_64") ? "amd64" : arch;
  }

  /** An administrator's kubeconfig (client certificate in system:masters), as YAML. */
  public String kubeconfig() {
    return kubeconfig;
  }

  /** Writes the administrator's kubeconfig to a file, for kubectl and for programs that take a path. */
  public Path writeKubeconfig(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kubectl built with the server, of the same release. */
  public Path kubectl() {
    return binaries.resolve("kubectl");
  }

  public Config adminConfig() {
    return Config.fromKubeconfig(kubeconfig);
  }

  /** A configuration that acts as the ServiceAccount, by impersonation, so that its RBAC alone decides. */
  public Config serviceAccountConfig(String namespace, String serviceAccount) {
    Config config = adminConfig();
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
        "system:authenticated");
    return config;
  }

  /** The tests' own administrator client; shared, not to be closed by its users. */
  public KubernetesClient adminClient() {
    return adminClient;
  }

  /** A new client for the configuration; the caller closes it. */
  public static KubernetesClient newClient(Config config) {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Creates a namespace no other test of this JVM uses: the prefix and a number. */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    adminClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Removes the project's objects from a namespace, finalizers included (no operator is left to honour them), so
   * that no later test's operator watching every namespace finds them. The namespace itself stays: a bare API
   * server has no namespace controller to finish deleting it.
   */
  public void clean(String namespace) {
    Crds.removeAll(adminClient, namespace);
  }

  @Override
  public void close() {
    adminClient.close();
    server.stop();
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is not worth failing a test run for.
    }
  }
}
