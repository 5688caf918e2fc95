package dev.ec2runner.operator.pool;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerPoolStatus;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.kube.Conditions;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.planner.OverlapCondition;
import dev.ec2runner.operator.planner.Plan;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.planner.PoolCounts;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Turns a plan into the pool's next status and the Events its condition changes deserve. */
final class PoolStatusUpdate {

  private PoolStatusUpdate() {
  }

  static RunnerPoolStatus next(RunnerPool pool, PoolScope scope, Plan plan, Instant now) {
    return next(pool, scope, plan, List.of(), now);
  }

  /**
   * @param extraConditions GitHubReachable and RateLimitLow (absent when the pool has no GitHub client, which
   *     removes them: Ready then says why), and Overlapping
   */
  static RunnerPoolStatus next(RunnerPool pool, PoolScope scope, Plan plan, List<PlannedCondition> extraConditions,
      Instant now) {
    RunnerPoolStatus old = pool.getStatus() == null ? new RunnerPoolStatus() : pool.getStatus();
    Long generation = pool.getMetadata().getGeneration();
    PoolCounts counts = plan.counts();
    List<PlannedCondition> planned = new ArrayList<>(plan.conditions());
    planned.addAll(extraConditions);
    List<Condition> conditions = Conditions.merge(old.getConditions(), planned, now, generation);
    if (extraConditions.stream().noneMatch(c -> GitHubHealth.GITHUB_REACHABLE.equals(c.type()))) {
      conditions.removeIf(c -> GitHubHealth.GITHUB_REACHABLE.equals(c.getType())
          || GitHubHealth.RATE_LIMIT_LOW.equals(c.getType()));
    }
    return new RunnerPoolStatus()
        .withObservedGeneration(generation)
        .withConditions(conditions)
        .withScope(scope == null ? old.getScope() : scope.display())
        .withRunners(counts.runners())
        .withBooting(counts.booting())
        .withIdle(counts.idle())
        .withBusy(counts.busy())
        .withPendingJobs(counts.pendingJobs())
        .withReplicas(counts.runners())
        .withSelector(ApiGroup.POOL_LABEL + "=" + pool.getMetadata().getName())
        .withLastScaleUpTime(plan.create() > 0 ? now.toString() : old.getLastScaleUpTime());
  }

  /**
   * Whether the two statuses differ only in counts, in the last scale-up time and in the wording of conditions that
   * keep their status and reason (AtCapacity's message says how many Runners the pool has): a pool may write those
   * paced.
   */
  static boolean onlyCountsDiffer(RunnerPoolStatus before, RunnerPoolStatus after) {
    return before != null && Objects.equals(withoutCounts(before), withoutCounts(after));
  }

  private static RunnerPoolStatus withoutCounts(RunnerPoolStatus status) {
    return new RunnerPoolStatus()
        .withObservedGeneration(status.getObservedGeneration())
        .withConditions(status.getConditions() == null ? null : status.getConditions().stream()
            .map(c -> new ConditionBuilder(c).withMessage(null).build()).toList())
        .withScope(status.getScope())
        .withSelector(status.getSelector());
  }

  /** Warning Events for conditions that just turned bad (or changed reason while bad). */
  static void announce(RunnerPool pool, RunnerPoolStatus before, RunnerPoolStatus after, EventRecorder events) {
    List<Condition> old = before == null ? List.of() : before.getConditions();
    List<Condition> now = after.getConditions();
    if (Conditions.becameTrue(old, now, PlannedCondition.AT_CAPACITY)) {
      events.warning(pool, "AtCapacity", message(now, PlannedCondition.AT_CAPACITY));
    }
    if (Conditions.becameTrue(old, now, PlannedCondition.LAUNCH_FAILING)) {
      events.warning(pool, "LaunchFailing", message(now, PlannedCondition.LAUNCH_FAILING));
    }
    Condition overlapping = Conditions.find(now, OverlapCondition.TYPE).orElse(null);
    Condition wasOverlapping = Conditions.find(old, OverlapCondition.TYPE).orElse(null);
    if (overlapping != null && "True".equals(overlapping.getStatus()) && (wasOverlapping == null
        || !"True".equals(wasOverlapping.getStatus())
        || !Objects.equals(wasOverlapping.getMessage(), overlapping.getMessage()))) {
      events.warning(pool, OverlapCondition.TYPE, overlapping.getMessage());
    }
    if (Conditions.becameTrue(old, now, GitHubHealth.RATE_LIMIT_LOW)) {
      events.warning(pool, GitHubHealth.RATE_LIMIT_LOW, message(now, GitHubHealth.RATE_LIMIT_LOW));
    }
    Condition reachable = Conditions.find(now, GitHubHealth.GITHUB_REACHABLE).orElse(null);
    Condition wasReachable = Conditions.find(old, GitHubHealth.GITHUB_REACHABLE).orElse(null);
    if (reachable != null && "False".equals(reachable.getStatus()) && (wasReachable == null
        || !"False".equals(wasReachable.getStatus())
        || !Objects.equals(wasReachable.getReason(), reachable.getReason()))) {
      events.warning(pool, reachable.getReason(), reachable.getMessage());
    }
    Condition ready = Conditions.find(now, PlannedCondition.READY).orElse(null);
    Condition wasReady = Conditions.find(old, PlannedCondition.READY).orElse(null);
    if (ready != null && "False".equals(ready.getStatus()) && !"LaunchFailing".equals(ready.getReason())
        && (wasReady == null || !"False".equals(wasReady.getStatus())
            || !Objects.equals(wasReady.getReason(), ready.getReason()))) {
      events.warning(pool, ready.getReason(), ready.getMessage());
    }
  }

  private static String message(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).map(Condition::getMessage).orElse(type);
  }
}
