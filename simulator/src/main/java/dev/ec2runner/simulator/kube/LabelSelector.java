package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector ({@code app=x,tier!=db,env in (a,b),!legacy}) evaluated against an object's
 * {@code metadata.labels}: what watches need, since the CRUD mock applies selectors to lists only.
 */
final class LabelSelector {

  private static final Pattern SET = Pattern.compile("^([^\\s!=,()]+)\\s+(in|notin)\\s+\\(([^)]*)\\)$");

  private record Requirement(String key, String operator, Set<String> values) {

    boolean matches(JsonNode labels) {
      JsonNode value = labels.get(key);
      boolean present = value != null && value.isTextual();
      String actual = present ? value.asText() : null;
      return switch (operator) {
        case "exists" -> present;
        case "!exists" -> !present;
        case "=", "in" -> present && values.contains(actual);
        // As in Kubernetes, != and notin also match objects without the label.
        case "!=", "notin" -> !present || !values.contains(actual);
        default -> throw new IllegalStateException(operator);
      };
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /** @throws IllegalArgumentException naming a term that is not a label requirement */
  static LabelSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitTerms(selector)) {
      String t = term.trim();
      Matcher set = SET.matcher(t);
      if (t.isEmpty()) {
        continue;
      } else if (set.matches()) {
        Set<String> values = Arrays.stream(set.group(3).split(",")).map(String::trim).filter(v -> !v.isEmpty())
            .collect(Collectors.toSet());
        requirements.add(new Requirement(set.group(1), set.group(2), values));
      } else if (t.contains("!=")) {
        String[] kv = t.split("!=", 2);
        requirements.add(new Requirement(kv[0].trim(), "!=", Set.of(kv[1].trim())));
      } else if (t.contains("=")) {
        String[] kv = t.split("==?", 2);
        requirements.add(new Requirement(kv[0].trim(), "=", Set.of(kv[1].trim())));
      } else if (t.startsWith("!")) {
        requirements.add(new Requirement(t.substring(1).trim(), "!exists", Set.of()));
      } else if (t.matches("[^\\s()]+")) {
        requirements.add(new Requirement(t, "exists", Set.of()));
      } else {
        throw new IllegalArgumentException("invalid label selector term '" + t + "'");
      }
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  boolean matches(JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  /** Splits at commas outside parentheses ({@code env in (a,b),tier=web} has two terms). */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }
}
