package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/github-app-manifest.json creates an App with the receiver's events and the operator's permissions. */
class GitHubAppManifestTest {

  /** The webhook events the receiver turns into WorkflowJobs (ping needs no subscription). */
  static final List<String> RECEIVER_EVENTS = List.of("workflow_job", "check_run");

  private static JsonNode manifest;

  @BeforeAll
  static void readManifest() throws IOException {
    manifest = new ObjectMapper().readTree(RepositoryPaths.resolve("examples/github-app-manifest.json").toFile());
  }

  @Test
  void hasOnlyKeysGitHubsManifestFlowAccepts() {
    List<String> keys = new ArrayList<>();
    manifest.fieldNames().forEachRemaining(keys::add);

    assertThat(keys).containsExactlyInAnyOrder("name", "url", "description", "public", "hook_attributes",
        "redirect_url", "default_permissions", "default_events");
    // GitHub limits App names to 34 characters.
    assertThat(manifest.path("name").asText()).isNotBlank().hasSizeLessThanOrEqualTo(34);
    assertThat(manifest.path("public").isBoolean()).isTrue();
    assertThat(manifest.path("public").asBoolean()).as("a runner App belongs to one owner").isFalse();
  }

  @Test
  void subscribesToEveryEventTheReceiverHandlesAndNoOther() {
    List<String> events = new ArrayList<>();
    manifest.path("default_events").forEach(e -> events.add(e.asText()));

    assertThat(events).containsExactlyInAnyOrderElementsOf(RECEIVER_EVENTS);
  }

  @Test
  void asksForExactlyThePermissionsTheOperatorUses() {
    Map<String, String> permissions = new TreeMap<>();
    manifest.path("default_permissions").fields()
        .forEachRemaining(e -> permissions.put(e.getKey(), e.getValue().asText()));

    assertThat(permissions).containsExactlyInAnyOrderEntriesOf(Map.of(
        // organization pools: JIT configs, list and delete runners
        "organization_self_hosted_runners", "write",
        // repository pools: the same endpoints under /repos/{owner}/{repo}/actions/runners
        "administration", "write",
        // job state, and the one rerun of a job lost to a spot interruption (rerunInterruptedJobs)
        "actions", "write",
        // check_run events for pools that set acceptCheckRuns
        "checks", "read"));
  }

  @Test
  void deliversWebhooksToTheReceiversWebhookPathOverHttps() {
    JsonNode hook = manifest.path("hook_attributes");

    assertThat(hook.path("active").asBoolean()).isTrue();
    assertThat(hook.path("url").asText()).startsWith("https://").endsWith("/webhook");
    assertThat(manifest.path("redirect_url").asText()).startsWith("https://");
  }
}
