package dev.ec2runner.simulator.kube;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig with one cluster, user and context for a plain-HTTP API without authentication. */
final class Kubeconfig {

  private Kubeconfig() {
  }

  static Path write(Path file, String name, String serverUrl, String namespace) {
    Config config = new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addNewCluster().withName(name).withNewCluster().withServer(serverUrl).endCluster().endCluster()
        .addNewUser().withName(name).withNewUser().endUser().endUser()
        .addNewContext().withName(name)
        .withNewContext().withCluster(name).withUser(name).withNamespace(namespace).endContext()
        .endContext()
        .withCurrentContext(name)
        .build();
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      return Files.writeString(file, Serialization.asYaml(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
