package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GitHub Actions workflow builds with the same command as local CI and publishes images only for tags. */
class CiWorkflowTest {

  private static JsonNode workflow;

  @BeforeAll
  static void readWorkflow() throws IOException {
    workflow = new YAMLMapper().readTree(RepositoryPaths.resolve(".github/workflows/ci.yml").toFile());
  }

  @Test
  void buildJobRunsTheRepositoryTestCommandOnJdk17WithMotoAndShellcheck() {
    JsonNode steps = workflow.path("jobs").path("build").path("steps");

    assertThat(workflow.path("jobs").path("build").path("runs-on").asText()).startsWith("ubuntu");
    assertThat(step(steps, "actions/setup-java").path("with").path("java-version").asText()).isEqualTo("17");
    assertThat(runs(steps)).anyMatch(run -> run.contains("pip install \"moto[server]\""))
        .anyMatch(run -> run.contains("install") && run.contains("shellcheck"))
        .anyMatch(run -> run.strip().equals("bash .ci/run"));
    assertThat(workflow.path("on").path("push").path("tags")).extracting(JsonNode::asText).containsExactly("v*");
  }

  @Test
  void imagesArePublishedToGhcrOnlyFromVersionTagsWithTheRepositoryDockerfiles() {
    JsonNode images = workflow.path("jobs").path("images");

    assertThat(images.path("if").asText()).isEqualTo("startsWith(github.ref, 'refs/tags/v')");
    assertThat(images.path("permissions").path("packages").asText()).isEqualTo("write");
    assertThat(workflow.path("permissions").path("packages").isMissingNode()).as("only the image job may push").isTrue();
    JsonNode steps = images.path("steps");
    JsonNode build = step(steps, "docker/build-push-action");
    assertThat(build.path("with").path("push").asBoolean()).isTrue();
    assertThat(step(steps, "docker/login-action").path("with").path("registry").asText()).isEqualTo("ghcr.io");
    String file = build.path("with").path("file").asText();
    for (JsonNode component : images.path("strategy").path("matrix").path("component")) {
      RepositoryPaths.resolve(file.replace("${{ matrix.component }}", component.asText()));
    }
    assertThat(images.path("strategy").path("matrix").path("component")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("operator", "webhook-receiver");
  }

  private static JsonNode step(JsonNode steps, String action) {
    return StreamSupport.stream(steps.spliterator(), false)
        .filter(s -> s.path("uses").asText().startsWith(action + "@"))
        .findFirst().orElseThrow(() -> new AssertionError("no step uses " + action));
  }

  private static List<String> runs(JsonNode steps) {
    List<String> commands = new ArrayList<>();
    steps.forEach(s -> commands.addAll(s.path("run").asText().lines().collect(Collectors.toList())));
    return commands;
  }
}
