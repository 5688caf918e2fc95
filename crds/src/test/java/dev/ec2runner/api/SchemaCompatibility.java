package dev.ec2runner.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Finds the changes between two openAPIV3Schemas that would reject objects the older one accepted. */
final class SchemaCompatibility {

  private SchemaCompatibility() {
  }

  static List<String> breakingChanges(JsonNode older, JsonNode newer) {
    List<String> changes = new ArrayList<>();
    compare(older, newer, "", changes);
    return changes;
  }

  private static void compare(JsonNode older, JsonNode newer, String path, List<String> out) {
    String where = path.isEmpty() ? "<root>" : path;
    if (newer.isMissingNode()) {
      out.add(where + ": removed");
      return;
    }
    if (!older.path("type").equals(newer.path("type"))) {
      out.add(where + ": type changed from " + older.path("type") + " to " + newer.path("type"));
      return;
    }
    Set<String> wasRequired = texts(older.path("required"));
    texts(newer.path("required")).stream().filter(r -> !wasRequired.contains(r))
        .forEach(r -> out.add(where + ": newly required " + r));
    if (!older.path("pattern").equals(newer.path("pattern")) && newer.has("pattern")) {
      out.add(where + ": pattern changed");
    }
    lowered(older, newer, "maximum", where, out);
    lowered(older, newer, "maxLength", where, out);
    lowered(older, newer, "maxItems", where, out);
    raised(older, newer, "minimum", where, out);
    raised(older, newer, "minLength", where, out);
    raised(older, newer, "minItems", where, out);
    Set<String> oldRules = new HashSet<>();
    older.path("x-kubernetes-validations").forEach(r -> oldRules.add(r.path("rule").asText()));
    newer.path("x-kubernetes-validations").forEach(r -> {
      if (!oldRules.contains(r.path("rule").asText())) {
        out.add(where + ": validation rule added: " + r.path("rule").asText());
      }
    });
    older.path("properties").fields().forEachRemaining(field -> compare(field.getValue(),
        newer.path("properties").path(field.getKey()), join(path, field.getKey()), out));
    if (older.has("items")) {
      compare(older.path("items"), newer.path("items"), path + "[]", out);
    }
    if (older.path("additionalProperties").isObject()) {
      compare(older.path("additionalProperties"), newer.path("additionalProperties"), path + "{}", out);
    }
  }

  private static void lowered(JsonNode older, JsonNode newer, String key, String where, List<String> out) {
    if (newer.has(key) && (!older.has(key) || newer.get(key).asDouble() < older.get(key).asDouble())) {
      out.add(where + ": " + key + " lowered to " + newer.get(key).asText());
    }
  }

  private static void raised(JsonNode older, JsonNode newer, String key, String where, List<String> out) {
    if (newer.has(key) && (!older.has(key) || newer.get(key).asDouble() > older.get(key).asDouble())) {
      out.add(where + ": " + key + " raised to " + newer.get(key).asText());
    }
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> values = new HashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
