package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.util.Optional;

/**
 * Where a Runner's instance runs: the region recorded when it was launched, or, for a Runner launched before Runners
 * recorded it, its pool's region (then the only one it can be in). Every call about the instance goes there.
 */
final class RunnerRegions {

  private RunnerRegions() {
  }

  /** The Runner's region; null when neither the Runner nor a pool says (the cloud's default region). */
  static String of(Runner runner, Optional<RunnerPool> pool) {
    if (runner.getStatus() != null && runner.getStatus().getRegion() != null) {
      return runner.getStatus().getRegion();
    }
    return pool.map(p -> p.getSpec() == null || p.getSpec().getEc2() == null ? null : p.getSpec().getEc2().getRegion())
        .orElse(null);
  }

  /** The key of the runner configuration handed to the Runner's instance. */
  static RunnerConfigKey configKey(Runner runner, String instanceId, Optional<RunnerPool> pool) {
    return new RunnerConfigKey(runner.getMetadata().getNamespace(), runner.getSpec().getPool(), instanceId,
        of(runner, pool));
  }
}
