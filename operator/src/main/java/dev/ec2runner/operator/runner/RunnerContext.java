package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.observe.Snapshot;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Optional;

/**
 * What every step of one Runner's reconcile reads: its pool (absent only while the Runner is deleted without it),
 * JOSDK's context (the Runner's jobs, the client) and the observation taken for this reconcile.
 *
 * @param statusPatch how a changed status reaches the API server
 */
public record RunnerContext(Optional<RunnerPool> pool, Context<Runner> context, Snapshot snapshot,
    StatusPatch statusPatch) {

  /** Writes a Runner's new status and returns the Runner as written. */
  @FunctionalInterface
  public interface StatusPatch {
    Runner patch(Runner runner, Context<Runner> context, RunnerStatus next);
  }

  /** The reconciler's input: a status patch is cached at once, so the next step and reconcile see it. */
  static RunnerContext of(Optional<RunnerPool> pool, Context<Runner> context, Snapshot snapshot) {
    return new RunnerContext(pool, context, snapshot, (runner, ctx, next) ->
        PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(runner, ctx, r -> {
          r.setStatus(next);
          return r;
        }));
  }

  /** The pool; the create and update steps run only once it was found. */
  RunnerPool presentPool() {
    return pool.orElseThrow();
  }
}
