package dev.ec2runner.receiver.testing;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The RunnerPools of the test resource pools.yaml: hello-world (repository, check runs) and octo-gpu (organization). */
public final class TestPools {

  private TestPools() {
  }

  public static List<RunnerPool> load() {
    try (InputStream in = TestPools.class.getResourceAsStream("/pools.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(yaml.split("(?m)^---$"))
          .map(document -> Serialization.unmarshal(document, RunnerPool.class))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
