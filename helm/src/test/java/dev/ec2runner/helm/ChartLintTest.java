package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `helm lint --strict`: template errors, schema violations and lint warnings all fail. */
class ChartLintTest {

  @Test
  void strictLintPassesWithDefaultValues() {
    LintResult result = new Helm(RepositoryPaths.chart()).lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void strictLintFailsWhenTheDefaultValuesBreakTheSchema(@TempDir Path workDir) throws IOException {
    Path copy = copyChart(workDir);
    Path values = copy.resolve("values.yaml");
    String original = Files.readString(values);
    assertThat(original).contains("  replicaCount: 2\n");
    Files.writeString(values, original.replaceFirst("  replicaCount: 2\n", "  replicaCount: two\n"));

    LintResult result = new Helm(copy).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("replicaCount");
  }

  private static Path copyChart(Path workDir) throws IOException {
    Path source = RepositoryPaths.chart();
    Path target = workDir.resolve(source.getFileName());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path destination = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(file, destination);
        }
      }
    }
    return target;
  }
}
