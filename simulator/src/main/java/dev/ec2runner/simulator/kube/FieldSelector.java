package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code involvedObject.name=pool,involvedObject.kind=RunnerPool,type!=Normal})
 * evaluated against any object by its dotted field paths. The CRUD mock only knows {@code metadata.name} and
 * {@code metadata.namespace}; {@code kubectl describe} finds an object's Events by {@code involvedObject.*}.
 */
final class FieldSelector {

  private record Requirement(String field, String value, boolean equal) {

    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String part : field.split("\\.")) {
        node = node.path(part);
      }
      // As in the API server, an absent field compares as the empty string.
      String actual = node.isValueNode() ? node.asText() : "";
      return actual.equals(value) == equal;
    }
  }

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /**
   * Parses {@code a=b}, {@code a==b} and {@code a!=b} terms joined by commas.
   *
   * @throws IllegalArgumentException naming the term that is none of these
   */
  static FieldSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : selector.split(",")) {
      String trimmed = term.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int notEqual = trimmed.indexOf("!=");
      int equal = trimmed.indexOf('=');
      if (notEqual > 0) {
        requirements.add(new Requirement(trimmed.substring(0, notEqual), trimmed.substring(notEqual + 2), false));
      } else if (equal > 0) {
        String value = trimmed.substring(equal + 1);
        requirements.add(new Requirement(trimmed.substring(0, equal), value.startsWith("=") ? value.substring(1)
            : value, true));
      } else {
        throw new IllegalArgumentException("invalid field selector term '" + trimmed
            + "': expected field=value, field==value or field!=value");
      }
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  boolean matches(JsonNode object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }
}
