package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a printer column's JSONPath ({@code .status.conditions[?(@.type=="Ready")].status}) against an
 * object and converts the first match to a cell the way the API server's CRD table convertor does: integers,
 * numbers and booleans by type, strings verbatim and other values as JSON, dates as ages; no match is null
 * (kubectl prints {@code <none>}).
 */
final class ColumnCells {

  private static final Configuration JSON_NODES = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider())
      .mappingProvider(new JacksonMappingProvider())
      .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
      .build();

  private final Map<String, Optional<JsonPath>> compiled = new ConcurrentHashMap<>();
  private final Clock clock;

  ColumnCells(Clock clock) {
    this.clock = clock;
  }

  /**
   * The cell for one column of one object.
   *
   * @param type the column type: integer, number, boolean, string or date
   * @return a JsonNode cell; a null node when the path matches nothing or the value does not fit the type
   */
  JsonNode cell(JsonNode object, String jsonPath, String type) {
    JsonNode value = firstMatch(object, jsonPath);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null || value.isNull() || value.isMissingNode()) {
      return nodes.nullNode();
    }
    return switch (type) {
      case "integer" -> value.isNumber() ? nodes.numberNode(value.asLong()) : nodes.nullNode();
      case "number" -> value.isNumber() ? nodes.numberNode(value.asDouble()) : nodes.nullNode();
      case "boolean" -> value.isBoolean() ? value : nodes.nullNode();
      case "string" -> nodes.textNode(value.isTextual() ? value.asText() : value.toString());
      case "date" -> value.isTextual() ? nodes.textNode(age(value.asText())) : nodes.nullNode();
      default -> nodes.nullNode();
    };
  }

  private JsonNode firstMatch(JsonNode object, String jsonPath) {
    Optional<JsonPath> path = compiled.computeIfAbsent(jsonPath, ColumnCells::compile);
    if (path.isEmpty()) {
      return null;
    }
    JsonNode matches = path.get().read(object, JSON_NODES);
    return matches != null && matches.isArray() && !matches.isEmpty() ? matches.get(0) : null;
  }

  private static Optional<JsonPath> compile(String kubectlPath) {
    String path = kubectlPath.trim();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1);
    }
    try {
      return Optional.of(JsonPath.compile(path.startsWith("$") ? path : "$" + path));
    } catch (InvalidPathException e) {
      // A path the CRD accepted but this evaluator cannot read shows as <none>, as an unresolvable one does.
      return Optional.empty();
    }
  }

  private String age(String timestamp) {
    try {
      return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
