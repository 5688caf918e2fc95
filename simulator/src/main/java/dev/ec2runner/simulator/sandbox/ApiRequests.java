package dev.ec2runner.simulator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the Kubernetes API server served, counted by the server itself ({@code apiserver_request_total} on its
 * {@code /metrics}), by verb and resource: every client's, reads and watches as well as writes. Dry runs are left
 * out: they change nothing and cost no storage.
 *
 * @param byVerbAndResource e.g. {@code "LIST runners"}, {@code "PATCH workflowjobs/status"}
 */
public record ApiRequests(Map<String, Long> byVerbAndResource) {

  /** Nothing counted: no cluster, or one whose metrics the sandbox may not read. */
  public static final ApiRequests NONE = new ApiRequests(Map.of());

  private static final Pattern SAMPLE = Pattern.compile("^apiserver_request_total\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  public ApiRequests {
    byVerbAndResource = Map.copyOf(byVerbAndResource);
  }

  /** The server's counts so far, or {@link #NONE} when its metrics cannot be read. */
  static ApiRequests scrape(KubernetesClient client) {
    String text;
    try {
      text = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
    } catch (KubernetesClientException e) {
      return NONE;
    }
    return text == null ? NONE : parse(text);
  }

  /** The request counts in a Prometheus text exposition of the API server's metrics. */
  static ApiRequests parse(String metrics) {
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
      if (!labels.getOrDefault("dry_run", "").isEmpty()) {
        continue;
      }
      String subresource = labels.getOrDefault("subresource", "");
      String key = labels.getOrDefault("verb", "") + " " + labels.getOrDefault("resource", "")
          + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, (long) Double.parseDouble(sample.group(2)), Long::sum);
    }
    return new ApiRequests(counts);
  }

  /** The requests served since {@code earlier}. */
  public ApiRequests since(ApiRequests earlier) {
    return new ApiRequests(difference(byVerbAndResource, earlier.byVerbAndResource));
  }

  /** The counts by verb alone ({@code GET}, {@code LIST}, {@code WATCH}, {@code PATCH}, …). */
  public Map<String, Long> byVerb() {
    Map<String, Long> byVerb = new TreeMap<>();
    byVerbAndResource.forEach((key, count) -> byVerb.merge(key.substring(0, key.indexOf(' ')), count, Long::sum));
    return byVerb;
  }

  /** The writes among them. */
  ApiWrites writes() {
    Map<String, Long> writes = new TreeMap<>(byVerbAndResource);
    writes.keySet().removeIf(key -> !ApiWrites.isWrite(key.substring(0, key.indexOf(' '))));
    return new ApiWrites(writes);
  }

  static Map<String, Long> difference(Map<String, Long> later, Map<String, Long> earlier) {
    Map<String, Long> delta = new TreeMap<>();
    later.forEach((key, count) -> {
      long made = count - earlier.getOrDefault(key, 0L);
      if (made > 0) {
        delta.put(key, made);
      }
    });
    return delta;
  }
}
