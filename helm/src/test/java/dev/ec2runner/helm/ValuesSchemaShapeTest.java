package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** values.schema.json is closed everywhere and describes exactly the keys values.yaml documents. */
class ValuesSchemaShapeTest {

  private static JsonNode schema;
  private static JsonNode values;

  @BeforeAll
  static void read() throws IOException {
    schema = new ObjectMapper().readTree(RepositoryPaths.chart().resolve("values.schema.json").toFile());
    values = new YAMLMapper().readTree(RepositoryPaths.chart().resolve("values.yaml").toFile());
  }

  @Test
  void isDraft07AndEveryObjectWithPropertiesRejectsUnknownKeys() {
    assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "#", open);

    assertThat(open).isEmpty();
  }

  @Test
  void everyKeyOfTheSchemaHasADocumentedDefaultInValuesAndViceVersa() {
    List<String> missing = new ArrayList<>();
    compare(resolve(schema), values, "", missing);

    assertThat(missing).isEmpty();
  }

  private static void collectOpenObjects(JsonNode node, String path, List<String> open) {
    if (node.isObject()) {
      if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
        open.add(path);
      }
      node.fields().forEachRemaining(e -> collectOpenObjects(e.getValue(), path + "/" + e.getKey(), open));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectOpenObjects(node.get(i), path + "/" + i, open);
      }
    }
  }

  /** Both directions: a schema property without a default, and a values key the schema lacks. */
  private static void compare(JsonNode objectSchema, JsonNode defaults, String path, List<String> missing) {
    objectSchema.path("properties").fields().forEachRemaining(e -> {
      String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (!defaults.has(e.getKey())) {
        missing.add("values.yaml lacks " + key);
        return;
      }
      JsonNode property = resolve(e.getValue());
      // Resource lists (cpu, memory, ephemeral-storage) are typed maps: any subset is a complete setting.
      boolean resourceList = e.getValue().path("$ref").asText().equals("#/definitions/resourceList");
      if (property.has("properties") && !resourceList) {
        compare(property, defaults.get(e.getKey()), key, missing);
      }
    });
    defaults.fieldNames().forEachRemaining(name -> {
      if (!objectSchema.path("properties").has(name)) {
        missing.add("values.schema.json lacks " + (path.isEmpty() ? name : path + "." + name));
      }
    });
  }

  private static JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    return ref.isEmpty() ? node : schema.at(ref.substring(1));
  }
}
