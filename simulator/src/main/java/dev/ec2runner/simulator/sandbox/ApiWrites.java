package dev.ec2runner.simulator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;

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

  public ApiWrites {
    byVerbAndResource = Map.copyOf(byVerbAndResource);
  }

  /** The server's counts so far, or {@link #NONE} when its metrics cannot be read. */
  static ApiWrites scrape(KubernetesClient client) {
    return ApiRequests.scrape(client).writes();
  }

  /** The write counts in a Prometheus text exposition of the API server's metrics. */
  static ApiWrites parse(String metrics) {
    return ApiRequests.parse(metrics).writes();
  }

  static boolean isWrite(String verb) {
    return WRITE_VERBS.contains(verb);
  }

  /** The writes made since {@code earlier}. */
  ApiWrites since(ApiWrites earlier) {
    return new ApiWrites(ApiRequests.difference(byVerbAndResource, earlier.byVerbAndResource));
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
