package dev.ec2runner.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One object of an OpenAPI v3 (structural) schema, flattened for a reference page: its own description and CEL
 * rules, and a row per direct field. Nested objects become sections of their own, in document order.
 */
record SchemaSection(String path, String description, List<String> rules, List<Field> fields) {

  /** A direct field of the section's object. */
  record Field(String path, String type, boolean required, String defaultValue, List<String> validations,
      String description) {
  }

  /** Every object section under {@code schema}, depth first, starting with {@code path} itself. */
  static List<SchemaSection> flatten(String path, JsonNode schema) {
    List<SchemaSection> sections = new ArrayList<>();
    collect(path, schema, sections);
    return sections;
  }

  private static void collect(String path, JsonNode schema, List<SchemaSection> into) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    List<Field> fields = new ArrayList<>();
    Map<String, JsonNode> nested = new LinkedHashMap<>();
    schema.path("properties").fields().forEachRemaining(entry -> {
      String fieldPath = path + "." + entry.getKey();
      JsonNode property = entry.getValue();
      fields.add(field(fieldPath, property, required.contains(entry.getKey())));
      if (property.has("properties")) {
        nested.put(fieldPath, property);
      } else if (property.path("items").has("properties")) {
        nested.put(fieldPath + "[]", property.path("items"));
      }
    });
    into.add(new SchemaSection(path, schema.path("description").asText(""), rules(schema), fields));
    nested.forEach((childPath, child) -> collect(childPath, child, into));
  }

  private static Field field(String path, JsonNode property, boolean required) {
    JsonNode defaultValue = property.get("default");
    String shown = defaultValue == null ? "" : defaultValue.isTextual() ? defaultValue.asText() : defaultValue.toString();
    return new Field(path, type(property), required, shown,
        validations(property), property.path("description").asText(""));
  }

  /** string, integer, []string, []object, map[string]string, object. */
  static String type(JsonNode property) {
    String type = property.path("type").asText("any");
    if ("array".equals(type)) {
      return "[]" + type(property.path("items"));
    }
    if ("object".equals(type) && property.has("additionalProperties") && !property.has("properties")) {
      return "map[string]" + type(property.path("additionalProperties"));
    }
    return type;
  }

  /** Constraints a value must meet, in the words `kubectl explain` users know. */
  private static List<String> validations(JsonNode property) {
    List<String> constraints = new ArrayList<>();
    bound(property, "minimum", "≥ ", constraints);
    bound(property, "maximum", "≤ ", constraints);
    bound(property, "minLength", "length ≥ ", constraints);
    bound(property, "maxLength", "length ≤ ", constraints);
    bound(property, "minItems", "items ≥ ", constraints);
    bound(property, "maxItems", "items ≤ ", constraints);
    bound(property, "maxProperties", "entries ≤ ", constraints);
    if (property.has("enum")) {
      List<String> values = new ArrayList<>();
      property.get("enum").forEach(v -> values.add(v.toString()));
      constraints.add("one of " + String.join(", ", values));
    }
    if (property.has("pattern")) {
      constraints.add("pattern `" + property.get("pattern").asText() + "`");
    }
    JsonNode items = property.path("items");
    if (items.has("pattern")) {
      constraints.add("each item matches `" + items.get("pattern").asText() + "`");
    }
    if (!property.has("properties")) {
      // An object's rules are listed once, in its own section.
      constraints.addAll(rules(property));
    }
    return constraints;
  }

  private static void bound(JsonNode property, String key, String prefix, List<String> into) {
    if (property.has(key)) {
      JsonNode value = property.get(key);
      boolean integral = value.isIntegralNumber() || value.asDouble() == Math.rint(value.asDouble());
      into.add(prefix + (integral ? Long.toString(value.asLong()) : value.asText()));
    }
  }

  /** CEL rules (x-kubernetes-validations) as "message (rule)". */
  private static List<String> rules(JsonNode schema) {
    List<String> rules = new ArrayList<>();
    schema.path("x-kubernetes-validations").forEach(v -> rules.add(
        v.path("message").asText("rule") + " (`" + v.path("rule").asText() + "`)"));
    return rules;
  }
}
