package dev.ec2runner.operator;

import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubClients;
import java.time.Clock;

/**
 * The operator's outside world: the cloud, GitHub, and the clock. Production wires the AWS and GitHub adapters
 * ({@link ProductionAdapters}); tests pass in-memory fakes and a controllable clock.
 */
public record OperatorComponents(RunnerCloud cloud, GitHubClients gitHubClients, Clock clock) {
}
