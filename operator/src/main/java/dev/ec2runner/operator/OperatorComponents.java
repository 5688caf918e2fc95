package dev.ec2runner.operator;

import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubClients;
import java.time.Clock;

/**
 * The operator's outside world: the cloud, GitHub, the clock, and the upkeep that only the leader runs. Production
 * wires the AWS and GitHub adapters ({@link ProductionAdapters}); tests pass in-memory fakes and a controllable
 * clock.
 *
 * @param housekeeping one pass of the periodic upkeep no reconcile owns (S3 runner mirrors, unused launch
 *     templates); it must not throw
 */
public record OperatorComponents(RunnerCloud cloud, GitHubClients gitHubClients, Clock clock, Runnable housekeeping) {

  /** Components without periodic upkeep. */
  public OperatorComponents(RunnerCloud cloud, GitHubClients gitHubClients, Clock clock) {
    this(cloud, gitHubClients, clock, () -> { });
  }
}
