package dev.ec2runner.operator.runner;

import java.util.List;

/**
 * A Runner's lifecycle as steps: while it exists, check the pool's spec, launch, register and track; once deleted,
 * deregister and terminate. Each list runs in order until a step says to retry.
 */
public record RunnerSteps(List<RunnerStep> reconcile, List<RunnerStep> cleanup) {

  public RunnerSteps(SpecCheckStep spec, LaunchStep launch, RegisterStep register, TrackStep track,
      DeregisterStep deregister, TerminateStep terminate) {
    this(List.of(spec, launch, register, track), List.of(deregister, terminate));
  }
}
