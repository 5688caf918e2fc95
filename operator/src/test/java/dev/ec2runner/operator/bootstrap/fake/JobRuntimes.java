package dev.ec2runner.operator.bootstrap.fake;

import dev.ec2runner.operator.github.fake.SimulatedJob;
import java.time.Duration;
import java.util.Optional;

/** How long a job runs once a runner took it; empty when nobody planned it. */
@FunctionalInterface
public interface JobRuntimes {

  JobRuntimes NONE = job -> Optional.empty();

  Optional<Duration> runtimeOf(SimulatedJob job);
}
