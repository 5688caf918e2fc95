package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.SandboxReport;
import java.util.List;

/**
 * One strategy's run of a scenario.
 *
 * @param failedJobs the jobs it did not serve, each with the Events about it (empty for the baseline, which has no
 *     Kubernetes)
 * @param operatorRestarts how often the operator was restarted during the run
 */
public record RunResult(SandboxReport report, List<FailedJob> failedJobs, int operatorRestarts) {

  public RunResult {
    failedJobs = List.copyOf(failedJobs);
  }
}
