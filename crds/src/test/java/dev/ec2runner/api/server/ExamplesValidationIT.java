package dev.ec2runner.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ec2runner.api.testsupport.StrictModel;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests under examples/ are what a user applies first: each must be accepted by the real API server. */
class ExamplesValidationIT {

  private static final Path EXAMPLES = Path.of("..", "examples", "pools");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String NAMESPACE = ServerVerdict.namespace("examples");

  static Stream<Path> exampleFiles() throws IOException {
    try (var files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theExamplesCoverTheDocumentedPoolKinds() throws IOException {
    List<JsonNode> pools = exampleFiles().flatMap(ExamplesValidationIT::documents)
        .filter(d -> "RunnerPool".equals(d.path("kind").asText())).toList();
    assertThat(pools).anySatisfy(p -> assertThat(p.at("/spec/github/organization").isTextual()).isTrue());
    assertThat(pools).anySatisfy(p -> assertThat(p.at("/spec/github/repository").isTextual()).isTrue());
    assertThat(pools).anySatisfy(p -> assertThat(p.at("/spec/scaling/idleSchedules").isArray()).isTrue());
    assertThat(pools).anySatisfy(p -> {
      assertThat(p.at("/spec/ec2/capacityType").asText()).isEqualTo("spot-with-fallback");
      assertThat(p.at("/spec/ec2/instanceTypes").size()).isGreaterThan(1);
    });
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyDocumentIsValid(Path file) {
    List<JsonNode> docs = documents(file).toList();
    assertThat(docs).as("documents in %s", file).isNotEmpty();
    for (JsonNode doc : docs) {
      switch (doc.path("kind").asText()) {
        case "RunnerPool" -> {
          assertThat(ServerVerdict.refusal(doc.toString(), NAMESPACE)).as("server's verdict on %s", file).isEmpty();
          RunnerPool pool = Serialization.unmarshal(doc.toString(), RunnerPool.class);
          assertThat(pool.getSpec().getGithub().getAppSecretRef().getName()).isNotBlank();
        }
        case "Secret" -> {
          Secret secret = Serialization.unmarshal(doc.toString(), Secret.class);
          assertThat(StrictModel.unknownFields(secret)).isEmpty();
          assertThat(ServerVerdict.refusal(secret, NAMESPACE)).as("server's verdict on %s", file).isEmpty();
          assertThat(secret.getStringData()).containsKeys("appId", "installationId", "privateKey");
        }
        default -> throw new AssertionError("unexpected kind " + doc.path("kind") + " in " + file);
      }
    }
  }

  @Test
  void everyReferencedSecretIsDefinedInTheExamples() throws IOException {
    List<JsonNode> docs = exampleFiles().flatMap(ExamplesValidationIT::documents).toList();
    List<String> secrets = docs.stream().filter(d -> "Secret".equals(d.path("kind").asText()))
        .map(d -> d.at("/metadata/name").asText()).toList();
    docs.stream().filter(d -> "RunnerPool".equals(d.path("kind").asText()))
        .forEach(p -> assertThat(secrets).contains(p.at("/spec/github/appSecretRef/name").asText()));
  }

  static Stream<JsonNode> documents(Path file) {
    try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
        if (d != null && !d.isEmpty()) {
          docs.add(d);
        }
      });
      return docs.stream();
    } catch (IOException e) {
      throw new AssertionError("cannot parse " + file, e);
    }
  }
}
