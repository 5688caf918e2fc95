package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is exactly what the generator makes of the committed RunnerPool CRD. */
class ConfigurationReferenceTest {

  @Test
  void committedReferenceMatchesTheCrd() throws IOException {
    String generated = ConfigurationReference.generate(RepositoryPaths.resolve(ConfigurationReference.CRD));
    Path doc = RepositoryPaths.root().resolve(ConfigurationReference.DOC);

    if (Boolean.getBoolean("regenerate.docs")) {
      Files.writeString(doc, generated);
    }
    assertThat(Files.exists(doc)).as("%s is missing; run %s", ConfigurationReference.DOC,
        ConfigurationReference.REGENERATE).isTrue();
    assertThat(Files.readString(doc))
        .as("%s is out of date with %s; run %s", ConfigurationReference.DOC, ConfigurationReference.CRD,
            ConfigurationReference.REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void everySpecFieldOfTheCrdIsDocumentedWithItsFullPath() throws IOException {
    JsonNode crd = new YAMLMapper().readTree(RepositoryPaths.resolve(ConfigurationReference.CRD).toFile());
    JsonNode spec = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
        .path("properties").path("spec");
    String reference = ConfigurationReference.generate(crd);

    List<String> paths = new ArrayList<>();
    leafAndObjectPaths("spec", spec, paths);
    assertThat(paths).hasSizeGreaterThan(40)
        .allSatisfy(path -> assertThat(reference).contains("| `" + path + "` |"));
  }

  @Test
  void rendersTypesDefaultsValidationsAndRulesOfASchema() throws IOException {
    JsonNode crd = new YAMLMapper().readTree(String.join("\n",
        "spec:",
        "  group: example.dev",
        "  names: {kind: Widget, plural: widgets, shortNames: [wdg]}",
        "  versions:",
        "  - name: v1",
        "    schema:",
        "      openAPIV3Schema:",
        "        properties:",
        "          spec:",
        "            required: [size]",
        "            properties:",
        "              size: {type: integer, minimum: 1.0, maximum: 10.0, default: 3, description: How big.}",
        "              mode: {type: string, pattern: '^(a|b)$', default: a}",
        "              tags: {type: object, additionalProperties: {type: string}, maxProperties: 4}",
        "              parts:",
        "                type: array",
        "                maxItems: 2",
        "                items:",
        "                  type: object",
        "                  properties: {name: {type: string, description: \"Part\\nname.\"}}",
        "                  x-kubernetes-validations: [{rule: 'has(self.name)', message: name is required}]",
        "          status:",
        "            properties:",
        "              ready: {type: boolean}",
        ""));

    String reference = ConfigurationReference.generate(crd);

    assertThat(reference)
        .startsWith("# Widget configuration reference\n")
        .contains("`apiVersion: example.dev/v1`, `kind: Widget`, namespaced, short name `wdg`.")
        .contains("| `spec.size` | integer | yes | `3` | ≥ 1; ≤ 10 | How big. |")
        .contains("| `spec.mode` | string |  | `a` | pattern `^(a\\|b)$` |  |")
        .contains("| `spec.tags` | map[string]string |  |  | entries ≤ 4 |  |")
        .contains("| `spec.parts` | []object |  |  | items ≤ 2 |  |")
        .contains("### `spec`\n").doesNotContain("| `spec.parts[]` |")
        .contains("### `spec.parts[]`")
        .contains("- Rule: name is required (`has(self.name)`)")
        .contains("| `spec.parts[].name` | string |  |  |  | Part name. |")
        .contains("| `status.ready` | boolean |")
        .doesNotContain("scale subresource");
  }

  private static void leafAndObjectPaths(String path, JsonNode schema, List<String> into) {
    schema.path("properties").fields().forEachRemaining(entry -> {
      String child = path + "." + entry.getKey();
      into.add(child);
      if (entry.getValue().has("properties")) {
        leafAndObjectPaths(child, entry.getValue(), into);
      } else if (entry.getValue().path("items").has("properties")) {
        leafAndObjectPaths(child + "[]", entry.getValue().path("items"), into);
      }
    });
  }
}
