package dev.ec2runner.simulator.sandbox;

/**
 * The sandbox's state at one refresh.
 *
 * @param strategy {@code operator} or {@code baseline}
 * @param simulatedSeconds simulated time since the world started
 * @param phase what the run is doing ({@code workload}, {@code draining}, {@code cleaning up})
 * @param table the fleet as {@code kubectl get runnerpools,runners} would show it; empty without Kubernetes
 */
public record LiveSnapshot(String scenario, String strategy, long simulatedSeconds, String phase, int jobsQueued,
    int jobsCompleted, int jobsPlanned, int liveInstances, String table) {

  /** One line for logs and non-interactive output. */
  public String summary() {
    return String.format(java.util.Locale.ROOT, "[%s %s] t=%ds %s: jobs %d/%d completed, %d waiting or running;"
        + " %d instances", scenario, strategy, simulatedSeconds, phase, jobsCompleted, jobsPlanned,
        jobsQueued, liveInstances);
  }
}
