package dev.ec2runner.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately wrong RunnerPools are refused by the real API server (schema, CEL rules, strict field validation) with
 * a message that says what to fix. Each file under src/test/resources/invalid names the expected message in its
 * first line ("# expect: ...").
 */
class InvalidManifestsIT {

  private static final String NAMESPACE = ServerVerdict.namespace("invalid");

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
    assertThat(ServerVerdict.refusal(yaml, NAMESPACE)).as("%s must be refused", file.getFileName())
        .hasValueSatisfying(message -> assertThat(message).contains(expected));
  }
}
