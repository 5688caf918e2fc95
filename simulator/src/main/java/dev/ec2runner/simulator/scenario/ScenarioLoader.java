package dev.ec2runner.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.ec2runner.api.Durations;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.simulator.scenario.Scenario.Burst;
import dev.ec2runner.simulator.scenario.Scenario.CapacityOutage;
import dev.ec2runner.simulator.scenario.Scenario.Faults;
import dev.ec2runner.simulator.scenario.Scenario.Strategy;
import dev.ec2runner.simulator.scenario.Scenario.WorkloadStream;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario YAML file. Errors name the offending path ({@code workload[1].jobDuration.median}) and what is
 * expected, and unknown keys are refused so that a typo does not silently change a run.
 */
public final class ScenarioLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ScenarioLoader() {
  }

  public static Scenario load(Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    return parse(Files.readString(file), base, file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
  }

  /**
   * Parses scenario text.
   *
   * @param baseDir where pool manifests given by path are looked up (besides the working directory)
   */
  public static Scenario parse(String yaml, Path baseDir, String defaultName) throws IOException {
    Node root = new Node(YAML.readTree(yaml), "");
    root.allowOnly("name", "duration", "bootTime", "drainTimeout", "pools", "workload", "prices", "faults",
        "strategy", "seed", "runnerGroups");
    List<RunnerPool> pools = new ArrayList<>();
    for (Node pool : root.required("pools").elements()) {
      pools.addAll(pools(pool, baseDir));
    }
    if (pools.isEmpty()) {
      throw root.error("pools", "at least one RunnerPool is required");
    }
    List<WorkloadStream> workload = new ArrayList<>();
    for (Node stream : root.required("workload").elements()) {
      workload.add(stream(stream));
    }
    return new Scenario(root.text("name", defaultName), root.duration("duration", null),
        root.duration("bootTime", Duration.ofSeconds(40)), root.duration("drainTimeout", Duration.ofMinutes(30)),
        pools, workload, prices(root.optional("prices")), faults(root.optional("faults")), strategy(root),
        root.number("seed", 42), runnerGroups(root.optional("runnerGroups")));
  }

  private static List<Scenario.RunnerGroup> runnerGroups(Node node) {
    List<Scenario.RunnerGroup> groups = new ArrayList<>();
    for (Node group : node.elements()) {
      group.allowOnly("organization", "name", "repositories");
      String organization = group.text("organization", null);
      String name = group.text("name", null);
      if (organization == null || name == null) {
        throw group.error(organization == null ? "organization" : "name", "is required");
      }
      List<String> repositories = null;
      if (!group.optional("repositories").json().isMissingNode()) {
        repositories = new ArrayList<>();
        for (Node repository : group.optional("repositories").elements()) {
          repositories.add(repository.json().asText());
        }
      }
      groups.add(new Scenario.RunnerGroup(organization, name, repositories));
    }
    return groups;
  }

  /** An inline RunnerPool manifest, or every RunnerPool in a manifest file (other kinds, like Secrets, skipped). */
  private static List<RunnerPool> pools(Node node, Path baseDir) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    if (node.json().isTextual() || node.json().has("path")) {
      String path = node.json().isTextual() ? node.json().asText() : node.text("path", null);
      Path resolved = Files.exists(Path.of(path)) ? Path.of(path) : baseDir.resolve(path);
      if (!Files.exists(resolved)) {
        throw node.error("", "pool manifest " + path + " not found (relative to the working directory or "
            + baseDir + ")");
      }
      try (JsonParser parser = YAML.getFactory().createParser(resolved.toFile())) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
      }
    } else {
      documents.add(node.json());
    }
    List<RunnerPool> pools = new ArrayList<>();
    for (JsonNode document : documents) {
      if (document != null && "RunnerPool".equals(document.path("kind").asText())) {
        RunnerPool pool = Serialization.unmarshal(document.toString(), RunnerPool.class);
        if (pool.getSpec() == null || pool.getMetadata() == null || pool.getMetadata().getName() == null) {
          throw node.error("", "expected a RunnerPool manifest with metadata.name and spec");
        }
        pools.add(pool);
      }
    }
    if (pools.isEmpty()) {
      throw node.error("", "no RunnerPool manifest found");
    }
    return pools;
  }

  private static WorkloadStream stream(Node node) {
    node.allowOnly("repository", "labels", "arrivalsPerMinute", "bursts", "jobDuration");
    List<Burst> bursts = new ArrayList<>();
    for (Node burst : node.optional("bursts").elements()) {
      burst.allowOnly("at", "jobs");
      bursts.add(new Burst(burst.duration("at", null), (int) burst.number("jobs", -1)));
    }
    Node jobDuration = node.required("jobDuration");
    jobDuration.allowOnly("median", "p95");
    Duration median = jobDuration.duration("median", null);
    Duration p95 = jobDuration.duration("p95", median);
    if (p95.compareTo(median) < 0) {
      throw jobDuration.error("p95", "must not be shorter than the median");
    }
    List<String> labels = new ArrayList<>();
    node.required("labels").elements().forEach(l -> labels.add(l.json().asText()));
    String repository = node.text("repository", null);
    if (repository == null || !repository.matches("[^/\\s]+/[^/\\s]+")) {
      throw node.error("repository", "expected owner/name");
    }
    return new WorkloadStream(repository, labels, node.decimal("arrivalsPerMinute", 0), bursts, median, p95);
  }

  private static Map<String, Map<String, Double>> prices(Node node) {
    Map<String, Map<String, Double>> prices = new LinkedHashMap<>();
    node.json().fields().forEachRemaining(type -> {
      Node byCapacity = node.child(type.getKey());
      byCapacity.allowOnly("spot", "on-demand");
      Map<String, Double> perHour = new LinkedHashMap<>();
      type.getValue().fieldNames().forEachRemaining(c -> perHour.put(c, byCapacity.decimal(c, 0)));
      prices.put(type.getKey(), perHour);
    });
    return prices;
  }

  private static Faults faults(Node node) {
    if (node.json().isMissingNode()) {
      return Faults.NONE;
    }
    node.allowOnly("spotInterruptionsPerHour", "insufficientCapacity", "webhookDropRate", "apiErrorRate",
        "apiThrottleRate", "operatorRestartEvery");
    List<CapacityOutage> outages = new ArrayList<>();
    for (Node outage : node.optional("insufficientCapacity").elements()) {
      outage.allowOnly("instanceType", "capacityType", "from", "to");
      outages.add(new CapacityOutage(outage.text("instanceType", null), outage.text("capacityType", null),
          outage.duration("from", Duration.ZERO), outage.duration("to", Duration.ofDays(365))));
    }
    return new Faults(node.decimal("spotInterruptionsPerHour", 0), outages, node.rate("webhookDropRate"),
        node.rate("apiErrorRate"), node.rate("apiThrottleRate"), node.optionalDuration("operatorRestartEvery"));
  }

  private static Strategy strategy(Node root) {
    String value = root.text("strategy", "operator");
    try {
      return Strategy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw root.error("strategy", "expected operator, baseline or compare, not '" + value + "'");
    }
  }

  /** A position in the scenario tree that knows its own path for error messages. */
  private record Node(JsonNode json, String path) {

    Node child(String key) {
      return new Node(json.path(key), path.isEmpty() ? key : path + "." + key);
    }

    Node required(String key) {
      Node child = child(key);
      if (child.json().isMissingNode() || child.json().isNull()) {
        throw error(key, "is required");
      }
      return child;
    }

    Node optional(String key) {
      return child(key);
    }

    List<Node> elements() {
      List<Node> out = new ArrayList<>();
      if (json.isMissingNode()) {
        return out;
      }
      if (!json.isArray()) {
        throw error("", "expected a list");
      }
      for (int i = 0; i < json.size(); i++) {
        out.add(new Node(json.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    void allowOnly(String... keys) {
      if (json.isMissingNode()) {
        return;
      }
      if (!json.isObject()) {
        throw error("", "expected a mapping");
      }
      Set<String> allowed = Set.of(keys);
      json.fieldNames().forEachRemaining(k -> {
        if (!allowed.contains(k)) {
          throw error(k, "unknown key (expected one of " + String.join(", ", keys) + ")");
        }
      });
    }

    String text(String key, String defaultValue) {
      JsonNode value = json.path(key);
      return value.isMissingNode() || value.isNull() ? defaultValue : value.asText();
    }

    Duration duration(String key, Duration defaultValue) {
      String value = text(key, null);
      if (value == null) {
        if (defaultValue == null) {
          throw error(key, "is required (a duration such as 45s, 5m or 1h)");
        }
        return defaultValue;
      }
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }

    Duration optionalDuration(String key) {
      return text(key, null) == null ? null : duration(key, null);
    }

    double decimal(String key, double defaultValue) {
      JsonNode value = json.path(key);
      if (value.isMissingNode()) {
        return defaultValue;
      }
      if (!value.isNumber() || value.asDouble() < 0) {
        throw error(key, "expected a number ≥ 0");
      }
      return value.asDouble();
    }

    double rate(String key) {
      double rate = decimal(key, 0);
      if (rate > 1) {
        throw error(key, "expected a fraction between 0 and 1");
      }
      return rate;
    }

    long number(String key, long defaultValue) {
      JsonNode value = json.path(key);
      if (value.isMissingNode()) {
        if (defaultValue < 0) {
          throw error(key, "is required");
        }
        return defaultValue;
      }
      if (!value.canConvertToLong() || value.asLong() < 0) {
        throw error(key, "expected a whole number ≥ 0");
      }
      return value.asLong();
    }

    IllegalArgumentException error(String key, String message) {
      String where = key.isEmpty() ? path : path.isEmpty() ? key : path + "." + key;
      return new IllegalArgumentException("scenario " + (where.isEmpty() ? "" : where + ": ") + message);
    }
  }
}
