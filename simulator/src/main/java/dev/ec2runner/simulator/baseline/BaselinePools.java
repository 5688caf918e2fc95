package dev.ec2runner.simulator.baseline;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.operator.cloud.CapacityType;
import java.util.ArrayList;
import java.util.List;

/** How the baseline reads a RunnerPool: as the original's per-runner-type Terraform settings. */
final class BaselinePools {

  private BaselinePools() {
  }

  static String namespace(RunnerPool pool) {
    String namespace = pool.getMetadata().getNamespace();
    return namespace == null ? "default" : namespace;
  }

  static String name(RunnerPool pool) {
    return pool.getMetadata().getName();
  }

  static PoolScope scope(RunnerPool pool) {
    return PoolScope.of(pool.getSpec().getGithub());
  }

  static int maxRunners(RunnerPool pool) {
    return pool.getSpec().getScaling().getMaxRunners();
  }

  /** The original buys one way ({@code instance_target_capacity_type}); it has no fallback to on-demand. */
  static CapacityType capacityType(RunnerPool pool) {
    return "on-demand".equals(pool.getSpec().getEc2().getCapacityType()) ? CapacityType.ON_DEMAND : CapacityType.SPOT;
  }

  /** {@code self-hosted}, the OS, the architecture and the pool's own labels. */
  static List<String> runnerLabels(RunnerPool pool) {
    RunnerSettings runner = pool.getSpec().getRunner();
    List<String> labels = new ArrayList<>();
    labels.add("self-hosted");
    labels.add(runner == null || runner.getOs() == null ? "linux" : runner.getOs());
    labels.add(runner == null || runner.getArchitecture() == null ? "x64" : runner.getArchitecture());
    List<String> custom = pool.getSpec().getGithub().getLabels();
    if (custom != null) {
      labels.addAll(custom);
    }
    return labels;
  }
}
