package dev.ec2runner.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes docs/configuration.md, the RunnerPool reference, from the generated RunnerPool CRD. */
final class ConfigurationReference {

  static final String CRD = "crds/manifests/runnerpools.ec2runner.dev-v1.yml";
  static final String DOC = "docs/configuration.md";
  static final String REGENERATE = "mvn -pl helm test -Dtest=ConfigurationReferenceTest -Dregenerate.docs=true";

  private ConfigurationReference() {
  }

  static String generate(Path crdFile) throws IOException {
    return generate(new YAMLMapper().readTree(crdFile.toFile()));
  }

  static String generate(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode version = spec.path("versions").get(0);
    JsonNode schema = version.path("schema").path("openAPIV3Schema").path("properties");
    String kind = spec.path("names").path("kind").asText();
    List<String> lines = new ArrayList<>();
    lines.add("# " + kind + " configuration reference");
    lines.add("");
    lines.add("<!-- Generated from " + CRD + " by " + ConfigurationReference.class.getSimpleName()
        + "; do not edit. Regenerate with: " + REGENERATE + " -->");
    lines.add("");
    lines.add("`apiVersion: " + spec.path("group").asText() + "/" + version.path("name").asText() + "`, `kind: "
        + kind + "`, namespaced, short name `" + spec.path("names").path("shortNames").path(0).asText() + "`."
        + " The API server applies the defaults and rejects a pool that breaks a validation below;"
        + " `kubectl explain " + spec.path("names").path("plural").asText() + ".spec` shows the same descriptions.");
    lines.add("");
    if (version.path("subresources").has("scale")) {
      JsonNode scale = version.path("subresources").path("scale");
      lines.add("The scale subresource maps `" + scale.path("specReplicasPath").asText() + "` and `"
          + scale.path("statusReplicasPath").asText() + "`, so `kubectl scale`, a HorizontalPodAutoscaler or KEDA"
          + " can set the pool's floor.");
      lines.add("");
    }
    lines.add("## Specification");
    lines.add("");
    for (SchemaSection section : SchemaSection.flatten("spec", schema.path("spec"))) {
      render(section, lines);
    }
    lines.add("## Status (written by the operator)");
    lines.add("");
    for (SchemaSection section : SchemaSection.flatten("status", schema.path("status"))) {
      render(section, lines);
    }
    return String.join("\n", lines).stripTrailing() + "\n";
  }

  private static void render(SchemaSection section, List<String> lines) {
    lines.add("### `" + section.path() + "`");
    lines.add("");
    if (!section.description().isEmpty()) {
      lines.add(section.description());
      lines.add("");
    }
    for (String rule : section.rules()) {
      lines.add("- Rule: " + rule);
    }
    if (!section.rules().isEmpty()) {
      lines.add("");
    }
    if (section.fields().isEmpty()) {
      return;
    }
    lines.add("| Field | Type | Required | Default | Validation | Description |");
    lines.add("|---|---|---|---|---|---|");
    for (SchemaSection.Field field : section.fields()) {
      lines.add("| `" + field.path() + "` | " + cell(field.type()) + " | " + (field.required() ? "yes" : "")
          + " | " + (field.defaultValue().isEmpty() ? "" : "`" + cell(field.defaultValue()) + "`")
          + " | " + cell(String.join("; ", field.validations())) + " | " + cell(field.description()) + " |");
    }
    lines.add("");
  }

  /** Table cells cannot hold raw pipes (GitHub's tables unescape \\| even inside code spans) or line breaks. */
  static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ").strip();
  }
}
