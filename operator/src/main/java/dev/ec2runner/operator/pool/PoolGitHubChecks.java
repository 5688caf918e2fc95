package dev.ec2runner.operator.pool;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.job.InterruptedJobReruns;
import dev.ec2runner.operator.job.StillQueuedCheck;
import dev.ec2runner.operator.job.JobDemand;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.RunnerGroupAdmission;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
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
   * @param refused queued jobs of repositories the pool's runner group does not admit, by name: not demand either
   */
  record Result(PoolBlocker blocker, List<PlannedCondition> conditions,
      Map<String, StillQueuedCheck.Outcome> notWaiting, Map<String, JobDemand.NotCounted> refused) {
  }

  private final GitHubHealth health;
  private final RunnerGroupResolver groups;
  private final StillQueuedCheck stillQueued;
  private final InterruptedJobReruns interrupted;
  private final RunnerGroupAccess groupAccess;

  PoolGitHubChecks(GitHubHealth health, RunnerGroupResolver groups, RunnerGroupAccess groupAccess,
      StillQueuedCheck stillQueued, InterruptedJobReruns interrupted) {
    this.health = health;
    this.groups = groups;
    this.groupAccess = groupAccess;
    this.stillQueued = stillQueued;
    this.interrupted = interrupted;
  }

  Result run(RunnerPool pool, GitHubAccess.Available access, List<WorkflowJob> matched, KubernetesClient client,
      Instant now) {
    boolean paused = health.pausedFor(access.installation()).isPresent();
    PoolBlocker blocker = null;
    Map<String, JobDemand.NotCounted> refused = Map.of();
    RunnerGroupResolver.Resolution group = paused ? null : groups.resolve(access.client(), pool);
    if (group instanceof RunnerGroupResolver.Missing missing) {
      blocker = missing.blocker();
    } else if (group instanceof RunnerGroupResolver.Resolved resolved) {
      refused = refused(pool, groupAccess.admission(access.client(), PoolScope.of(pool.getSpec().getGithub()),
          pool.getSpec().getGithub().getRunnerGroup(), resolved.groupId()), matched);
    }
    if (blocker == null) {
      blocker = health.launchBlocker(access.installation()).orElse(null);
    }
    boolean mayCheck = !paused && !health.budgetLow(access.installation());
    Map<String, StillQueuedCheck.Outcome> notWaiting = stillQueued.check(access.client(), mayCheck,
        JobDemand.queued(matched), now);
    if (health.pausedFor(access.installation()).isEmpty()) {
      interrupted.rerun(pool, access.client(), matched, client, now);
    }
    return new Result(blocker, health.conditions(access.installation()), notWaiting, refused);
  }

  private static Map<String, JobDemand.NotCounted> refused(RunnerPool pool, RunnerGroupAdmission admission,
      List<WorkflowJob> matched) {
    Map<String, JobDemand.NotCounted> refused = new HashMap<>();
    for (WorkflowJob job : JobDemand.queued(matched)) {
      String repository = job.getSpec().getRepository();
      if (!admission.admits(repository)) {
        refused.put(job.getMetadata().getName(), new JobDemand.NotCounted(RunnerGroupAdmission.REFUSED,
            admission.refusal(repository, pool.getMetadata().getName())));
      }
    }
    return refused;
  }
}
