package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.SandboxReport;
import java.util.List;

/**
 * One strategy's run of a scenario.
 *
 * @param failedJobs the jobs it did not serve, each with the Events about it (empty for the baseline, which has no
 *     Kubernetes)
 * @param operatorRestarts how often the operator was restarted during the run
 * @param kubernetesWrites the writes the API server served from the moment the pools were applied until the fleet
 *     drained ({@link ApiWrites#NONE} for the baseline, and where the cluster's metrics cannot be read)
 */
public record RunResult(SandboxReport report, List<FailedJob> failedJobs, int operatorRestarts,
    ApiWrites kubernetesWrites) {

  public RunResult {
    failedJobs = List.copyOf(failedJobs);
  }
}
