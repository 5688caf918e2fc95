package dev.ec2runner.operator.pool;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.kube.Conditions;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.ObservedRunner;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.operator.runner.RunnerStatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What the pool's planner sees of one of its Runners: its recorded status plus the latest observation. */
final class PoolRunnerView {

  /** Reasons the pool's Ready condition reports itself; they are not launch failures. */
  private static final Set<String> NOT_LAUNCH_FAILURES = Set.of(GitHubAccess.APP_SECRET_INVALID,
      RunnerGroupResolver.RUNNER_GROUP_NOT_FOUND);

  private PoolRunnerView() {
  }

  /**
   * @param scope the pool's scope, or null when the spec does not name one
   * @param deletionRequested whether this pool already asked to delete it (the informer may not show it yet)
   * @param jobEndedWell whether a completion webhook said the job this Runner ran ended well
   */
  static ObservedRunner observe(Runner runner, Snapshot snapshot, PoolScope scope, boolean deletionRequested,
      boolean jobEndedWell, Instant now) {
    RunnerStatus status = runner.getStatus() == null ? new RunnerStatus() : runner.getStatus();
    RunnerPhase phase = RunnerPhase.fromWireName(status.getPhase());
    String name = runner.getMetadata().getName();
    Optional<Snapshot.ScopeRunners> listed = scope == null ? Optional.empty() : snapshot.scope(scope);
    // GitHub's busy flag from the latest listing guards against a status the Runner controller has not updated yet;
    // an ephemeral Runner found done by its job's completion webhook (newer than the listing) is done.
    boolean finished = phase == RunnerPhase.TERMINATING && jobEndedWell;
    boolean busyOnGitHub = !finished && listed.flatMap(s -> s.named(name)).map(GitHubRunner::busy).orElse(false);
    boolean registered = status.getRegisteredAt() != null
        && (phase == RunnerPhase.IDLE || phase == RunnerPhase.BUSY);
    String created = runner.getMetadata().getCreationTimestamp();
    return new ObservedRunner(name, phase,
        created == null ? now : Instant.parse(created),
        parse(status.getLaunchedAt()),
        registered,
        phase == RunnerPhase.BUSY || busyOnGitHub,
        parse(status.getIdleSince()),
        listed.map(Snapshot.ScopeRunners::listedAt).orElse(null),
        runner.getMetadata().getDeletionTimestamp() != null || deletionRequested,
        launchFailure(status));
  }

  private static ObservedRunner.LaunchFailure launchFailure(RunnerStatus status) {
    for (String type : new String[] {RunnerStatusWriter.LAUNCHED, RunnerStatusWriter.CONFIGURED}) {
      Optional<Condition> condition = Conditions.find(status.getConditions(), type);
      if (condition.isPresent() && "False".equals(condition.get().getStatus())
          && !NOT_LAUNCH_FAILURES.contains(condition.get().getReason())) {
        return new ObservedRunner.LaunchFailure(condition.get().getReason(), condition.get().getMessage());
      }
    }
    return null;
  }

  private static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }
}
