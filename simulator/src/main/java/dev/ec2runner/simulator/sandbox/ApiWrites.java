package dev.ec2runner.simulator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the Kubernetes API server served, counted by the server itself ({@code apiserver_request_total} on its
 * {@code /metrics}), by verb and resource: every writer's requests, the operator's and the receiver's alike.
 *
 * @param byVerbAndResource e.g. {@code "POST runners"}, {@code "PATCH workflowjobs/status"}
 */
public record ApiWrites(Map<String, Long> byVerbAndResource) {

  /** Nothing counted: no cluster, or one whose metrics the sandbox may not read. */
  public static final ApiWrites NONE = new ApiWrites(Map.of());

  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE",
      "DELETECOLLECTION");
  /** The resources a served job costs writes of; leases, namespaces and the sandbox's own set-up are not. */
  private static final Set<String> PER_JOB_RESOURCES = Set.of("runners", "workflowjobs", "runnerpools", "events");
  private static final Pattern SAMPLE = Pattern.compile("^apiserver_request_total\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  public ApiWrites {
    byVerbAndResource = Map.copyOf(byVerbAndResource);
  }

  /** The server's counts so far, or {@link #NONE} when its metrics cannot be read. */
  static ApiWrites scrape(KubernetesClient client) {
    String text;
    try {
      text = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
    } catch (KubernetesClientException e) {
      return NONE;
    }
    return text == null ? NONE : parse(text);
  }

  /** The write counts in a Prometheus text exposition of the API server's metrics. */
  static ApiWrites parse(String metrics) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.trim());
      if (!sample.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(sample.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String verb = labels.getOrDefault("verb", "");
      if (!WRITE_VERBS.contains(verb) || !labels.getOrDefault("dry_run", "").isEmpty()) {
        continue;
      }
      String subresource = labels.getOrDefault("subresource", "");
      String key = verb + " " + labels.getOrDefault("resource", "") + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, (long) Double.parseDouble(sample.group(2)), Long::sum);
    }
    return new ApiWrites(counts);
  }

  /** The writes made since {@code earlier}. */
  ApiWrites since(ApiWrites earlier) {
    Map<String, Long> delta = new TreeMap<>();
    byVerbAndResource.forEach((key, count) -> {
      long made = count - earlier.byVerbAndResource.getOrDefault(key, 0L);
      if (made > 0) {
        delta.put(key, made);
      }
    });
    return new ApiWrites(delta);
  }

  /** Writes of Runners, WorkflowJobs, RunnerPools and Events: what serving jobs costs. */
  public long perJobResources() {
    return byVerbAndResource.entrySet().stream()
        .filter(e -> PER_JOB_RESOURCES.contains(resource(e.getKey())))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static String resource(String key) {
    String resourcePath = key.substring(key.indexOf(' ') + 1);
    int slash = resourcePath.indexOf('/');
    return slash < 0 ? resourcePath : resourcePath.substring(0, slash);
  }
}
