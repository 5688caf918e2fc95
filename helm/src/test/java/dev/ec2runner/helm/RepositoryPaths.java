package dev.ec2runner.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates files of this repository from the tests; Maven passes the root as {@code repository.root}. */
final class RepositoryPaths {

  private RepositoryPaths() {
  }

  static Path root() {
    String configured = System.getProperty("repository.root");
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "system property repository.root is not set: run these tests through Maven (mvn -pl helm test)");
    }
    return Paths.get(configured).toAbsolutePath().normalize();
  }

  static Path resolve(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException("expected " + relative + " in the repository, but " + path + " does not exist");
    }
    return path;
  }

  static Path chart() {
    return resolve("helm/ec2-runner-operator");
  }
}
