package dev.ec2runner.simulator.sandbox;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/** Where the sandbox's operator and receiver find Kubernetes. */
public sealed interface KubernetesTarget {

  /**
   * A kube-apiserver and etcd of the sandbox's own on 127.0.0.1, with the project's CRDs, stopped when the run ends.
   * The scenario's pools keep their namespaces.
   *
   * @param kubeconfig where the server's administrator kubeconfig is written while it runs; null for nowhere
   */
  record OwnServer(Path kubeconfig) implements KubernetesTarget {
  }

  /**
   * A cluster that is already there: the project's CRDs are applied to it (server-side apply) and every pool of the
   * scenario goes to a namespace of the sandbox's own, which is removed when the run ends (the sandbox's objects
   * first, their finalizers honoured by the sandbox's operator before it stops). The operator and the receiver
   * watch only that namespace, so whatever else runs on the cluster is left alone.
   *
   * @param config how to reach the cluster, with rights to apply CRDs and to create a namespace
   * @param namespace the sandbox's namespace; it must not exist yet
   */
  record ExistingCluster(Config config, String namespace) implements KubernetesTarget {

    public ExistingCluster {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(namespace, "namespace");
    }
  }

  /** An existing cluster, in a namespace named {@code ec2runner-sandbox-} and five random characters. */
  static ExistingCluster existingCluster(Config config) {
    return new ExistingCluster(config, "ec2runner-sandbox-" + randomSuffix());
  }

  private static String randomSuffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    SecureRandom random = new SecureRandom();
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return suffix.toString();
  }
}
