package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.simulator.kube.PatchDocuments.UnsupportedPatchException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class PatchDocumentsTest {

  private static final JsonNode TARGET = json("""
      {"metadata": {"name": "a", "labels": {"x": "1", "y": "2"}}, "spec": {"replicas": 1, "list": [1, 2]}}""");

  @Test
  void mergePatchMergesObjectsReplacesListsAndDeletesNulls() {
    JsonNode patched = PatchDocuments.apply(TARGET,
        json("{\"metadata\": {\"labels\": {\"x\": null, \"z\": \"3\"}}, \"spec\": {\"list\": [3]}}"),
        "application/merge-patch+json; charset=utf-8");

    assertThat(patched).isEqualTo(json("""
        {"metadata": {"name": "a", "labels": {"y": "2", "z": "3"}}, "spec": {"replicas": 1, "list": [3]}}"""));
    assertThat(TARGET.path("metadata").path("labels").has("x")).as("the target is not modified").isTrue();
  }

  @Test
  void jsonPatch() {
    JsonNode patched = PatchDocuments.apply(TARGET,
        json("[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 3}]"), "application/json-patch+json");

    assertThat(patched.path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void strategicPatchOfMapsIsAMergePatch() {
    JsonNode patched = PatchDocuments.apply(TARGET, json("{\"metadata\": {\"labels\": {\"y\": \"9\"}}}"),
        "application/strategic-merge-patch+json");

    assertThat(patched.path("metadata").path("labels")).isEqualTo(json("{\"x\": \"1\", \"y\": \"9\"}"));
  }

  @Test
  void strategicPatchesOfListsOrWithDirectivesAreRefused() {
    assertThatThrownBy(() -> PatchDocuments.apply(TARGET, json("{\"spec\": {\"list\": [3]}}"),
        "application/strategic-merge-patch+json"))
        .isInstanceOf(UnsupportedPatchException.class)
        .hasMessageContaining(".spec.list")
        .hasMessageContaining("--type=merge");
    assertThatThrownBy(() -> PatchDocuments.apply(TARGET, json("{\"metadata\": {\"$patch\": \"replace\"}}"),
        "application/strategic-merge-patch+json"))
        .isInstanceOf(UnsupportedPatchException.class)
        .hasMessageContaining("$patch");
  }

  @Test
  void otherContentTypesAreRefused() {
    assertThatThrownBy(() -> PatchDocuments.apply(TARGET, json("{}"), "application/apply-patch+yaml"))
        .isInstanceOf(UnsupportedPatchException.class)
        .hasMessageContaining("application/apply-patch+yaml");
  }

  private static JsonNode json(String text) {
    return Serialization.unmarshal(text, JsonNode.class);
  }
}
