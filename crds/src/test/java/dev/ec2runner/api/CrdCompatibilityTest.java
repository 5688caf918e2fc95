package dev.ec2runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The current CRDs accept everything the last released CRDs accepted (see crds/compat/README.md). */
class CrdCompatibilityTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path RELEASES = Path.of("compat");

  static Stream<String> crdFiles() {
    return Stream.of("runnerpools", "runners", "workflowjobs").map(p -> p + ".ec2runner.dev-v1.yml");
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void currentSchemaAcceptsWhatTheLastReleaseAccepted(String file) throws IOException {
    JsonNode released = schema(latestRelease().resolve(file));
    JsonNode current = schema(Path.of("manifests", file));
    assertThat(SchemaCompatibility.breakingChanges(released, current))
        .as("incompatible change to %s since release %s", file, latestRelease().getFileName())
        .isEmpty();
  }

  @Test
  void theCheckCatchesEachKindOfBreakingChange() throws IOException {
    JsonNode released = schema(latestRelease().resolve("runnerpools.ec2runner.dev-v1.yml"));
    ObjectNode scaling = (ObjectNode) released.deepCopy();
    ObjectNode maxRunners = (ObjectNode) scaling.at("/properties/spec/properties/scaling/properties/maxRunners");
    maxRunners.put("maximum", 5);
    ((ObjectNode) scaling.at("/properties/spec/properties/scaling/properties")).remove("bootTimeout");
    ((ObjectNode) scaling.at("/properties/spec/properties/scaling/properties/minIdle")).put("type", "string");
    ((ObjectNode) scaling.at("/properties/spec/properties/github")).withArray("required").add("runnerGroup");
    ((ObjectNode) scaling.at("/properties/spec/properties/scaling/properties/idleTimeout")).put("pattern", "^x$");
    ((ObjectNode) scaling.at("/properties/spec/properties/runner")).withArray("x-kubernetes-validations")
        .addObject().put("rule", "self.ephemeral").put("message", "new rule");

    List<String> changes = SchemaCompatibility.breakingChanges(released, scaling);
    assertThat(String.join("\n", changes))
        .contains("spec.scaling.maxRunners: maximum lowered")
        .contains("spec.scaling.bootTimeout: removed")
        .contains("spec.scaling.minIdle: type changed")
        .contains("spec.github: newly required runnerGroup")
        .contains("spec.scaling.idleTimeout: pattern changed")
        .contains("spec.runner: validation rule added");
    assertThat(SchemaCompatibility.breakingChanges(scaling, released))
        .as("loosening the same constraints is compatible, except for re-adding a removed field's absence")
        .noneMatch(c -> c.contains("maximum") || c.contains("rule added") || c.contains("newly required"));
  }

  private static Path latestRelease() throws IOException {
    try (var releases = Files.list(RELEASES)) {
      return releases.filter(Files::isDirectory)
          .max(Comparator.comparing(p -> Runtime.Version.parse(p.getFileName().toString())))
          .orElseThrow(() -> new AssertionError("no released CRDs under crds/compat"));
    }
  }

  private static JsonNode schema(Path crd) throws IOException {
    return YAML.readTree(crd.toFile()).at("/spec/versions/0/schema/openAPIV3Schema");
  }
}
