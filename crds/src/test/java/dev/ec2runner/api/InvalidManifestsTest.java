package dev.ec2runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.testsupport.CrdSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately wrong RunnerPools are rejected by the schema with a message that says what to fix. Each file under
 * src/test/resources/invalid names the expected message in its first line ("# expect: ...").
 */
class InvalidManifestsTest {

  private static final CrdSchemaValidator POOLS = CrdSchemaValidator.forPlural("runnerpools");

  static Stream<Path> invalidManifests() throws IOException {
    try (var files = Files.list(Path.of("src/test/resources/invalid"))) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("invalidManifests")
  void isRejectedWithAUsefulMessage(Path file) throws IOException {
    String yaml = Files.readString(file);
    String expected = yaml.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");
    List<String> errors = POOLS.validateYaml(yaml);
    assertThat(errors).as("%s must be rejected", file.getFileName()).isNotEmpty();
    assertThat(String.join("\n", errors)).contains(expected);
  }
}
