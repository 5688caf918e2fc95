package dev.ec2runner.operator.controller;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.planner.PoolBlocker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The GitHub side of a pool's reconcile: its runner group, its long-queued jobs, its interrupted jobs, and the
 * conditions that say how GitHub answers its installation. Nothing here calls GitHub while the installation is
 * rate-limited; the still-queued checks also wait while its budget is low.
 */
final class PoolGitHubChecks {

  /**
   * @param blocker a missing runner group, or null
   * @param notWaiting jobs GitHub reports running or finished, by name: they are not demand
   */
  record Result(PoolBlocker blocker, List<PlannedCondition> conditions,
      Map<String, StillQueuedCheck.Outcome> notWaiting) {
  }

  private final GitHubHealth health;
  private final RunnerGroupResolver groups;
  private final StillQueuedCheck stillQueued;
  private final InterruptedJobs interrupted;

  PoolGitHubChecks(GitHubHealth health, RunnerGroupResolver groups, StillQueuedCheck stillQueued,
      InterruptedJobs interrupted) {
    this.health = health;
    this.groups = groups;
    this.stillQueued = stillQueued;
    this.interrupted = interrupted;
  }

  Result run(RunnerPool pool, GitHubAccess.Available access, List<WorkflowJob> matched, KubernetesClient client,
      Instant now) {
    boolean paused = health.pausedFor(access.installation()).isPresent();
    PoolBlocker blocker = null;
    if (!paused && groups.resolve(access.client(), pool) instanceof RunnerGroupResolver.Missing missing) {
      blocker = missing.blocker();
    }
    if (blocker == null) {
      blocker = health.launchBlocker(access.installation()).orElse(null);
    }
    boolean mayCheck = !paused && !health.budgetLow(access.installation());
    Map<String, StillQueuedCheck.Outcome> notWaiting = stillQueued.check(access.client(), mayCheck,
        WorkflowJobs.queued(matched), now);
    if (health.pausedFor(access.installation()).isEmpty()) {
      interrupted.rerun(pool, access.client(), matched, client, now);
    }
    return new Result(blocker, health.conditions(access.installation()), notWaiting);
  }
}
