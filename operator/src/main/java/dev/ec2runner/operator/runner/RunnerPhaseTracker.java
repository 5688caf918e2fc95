package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.JobReference;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.planner.RunnerPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves a launched, configured Runner through Booting, Idle and Busy to Terminating or Failed from what the latest
 * observation and the job webhooks say. Pure: it changes the status it is given and reports a loss, nothing else.
 */
public final class RunnerPhaseTracker {

  /** What a Runner sees of the world right now. */
  public record View(Optional<CloudInstance> instance, Instant instancesListedAt,
      Optional<GitHubRunner> registration, Instant registrationsListedAt, Optional<WorkflowJob> runningJob,
      boolean jobCompleted, boolean jobEndedWell) {
  }

  /** How the Runner was lost, for its Event and metric, if it was. */
  public enum Loss { INSTANCE_LOST, REGISTRATION_LOST }

  private final Duration instanceVisibilityGrace;
  private final Duration observationInterval;

  /**
   * @param instanceVisibilityGrace how long after launch an instance may be missing from listings (EC2's list is
   *     eventually consistent) before it counts as gone
   * @param observationInterval how often instances and registrations are listed (both in one round, instances
   *     first)
   */
  public RunnerPhaseTracker(Duration instanceVisibilityGrace, Duration observationInterval) {
    this.instanceVisibilityGrace = instanceVisibilityGrace;
    this.observationInterval = observationInterval;
  }

  /** Updates {@code status} in place; returns the loss when the Runner just failed. */
  public Optional<Loss> track(RunnerStatus status, View view, boolean ephemeral, Instant now) {
    RunnerPhase phase = RunnerPhase.fromWireName(status.getPhase());
    if (phase == RunnerPhase.FAILED || phase == RunnerPhase.TERMINATING) {
      return Optional.empty();
    }
    boolean ranItsJob = view.jobCompleted() || status.getLastBusyAt() != null;
    if (instanceGone(status, view)) {
      boolean busyOnGitHub = view.registration().map(GitHubRunner::busy).orElse(false);
      // EC2 ending the instance is a loss even when the job's (failed) completion was reported first.
      boolean reclaimed = view.instance().map(CloudInstance::reclaimed).orElse(false);
      // Listed as ended but not by EC2: an ephemeral runner's instance powers itself off after its one job, so a
      // job still shown running had only its completion webhook lost (or GitHub's busy flag lags).
      boolean poweredOff = view.instance().isPresent() && !reclaimed;
      boolean tookAJob = ranItsJob || view.runningJob().isPresent() || busyOnGitHub;
      if (ephemeral && poweredOff && tookAJob) {
        set(status, RunnerPhase.TERMINATING, "finished its job; instance " + status.getInstanceId() + " shut down");
        return Optional.empty();
      }
      // No longer listed, and GitHub dropped the ephemeral registration it had listed: GitHub removes an ephemeral
      // runner once its job is done, so it ran one (its webhooks may have been lost) before the instance went.
      if (ephemeral && !reclaimed && view.registration().isEmpty() && listedSinceRegistration(status, view)) {
        set(status, RunnerPhase.TERMINATING, "finished its job; GitHub removed the ephemeral runner and instance "
            + status.getInstanceId() + " shut down");
        return Optional.empty();
      }
      if (ephemeral && ranItsJob && !busyOnGitHub && view.runningJob().isEmpty() && !reclaimed) {
        set(status, RunnerPhase.TERMINATING, "finished its job; instance " + status.getInstanceId() + " shut down");
        return Optional.empty();
      }
      set(status, RunnerPhase.FAILED, "instance " + status.getInstanceId() + (reclaimed
          ? " was reclaimed by EC2 (spot interruption or host failure)"
          : " is gone (spot interruption or instance failure)") + "; the pool replaces this Runner");
      return Optional.of(Loss.INSTANCE_LOST);
    }
    if (ephemeral && view.jobEndedWell() && view.runningJob().isEmpty()) {
      // The completion webhook is newer than any listing: a busy flag listed before it is stale, and waiting for the
      // next observation to say so would keep the pool's slot from the next job for up to an interval. A job that
      // failed may have died with its instance: it keeps the rules below, and a stale busy flag waits for the
      // observation, which tells a loss (and a rerun).
      set(status, RunnerPhase.TERMINATING, "finished its job; waiting for instance " + status.getInstanceId()
          + " to shut down");
      return Optional.empty();
    }
    if (view.registration().isPresent()) {
      GitHubRunner registration = view.registration().get();
      if (registration.busy() || view.runningJob().isPresent()) {
        markBusy(status, view, now);
      } else if (ephemeral && view.jobCompleted()) {
        finishedUnlessPossiblyLost(status, view, "finished its job; waiting for instance " + status.getInstanceId()
            + " to shut down");
      } else if (registration.online()) {
        markIdle(status, view, now);
      } else if (status.getRegisteredAt() == null) {
        set(status, RunnerPhase.BOOTING, "waiting for the runner on " + status.getInstanceId() + " to come online");
      } else if (ephemeral && ranItsJob) {
        finishedUnlessPossiblyLost(status, view, "finished its job; runner offline");
      } else {
        status.setMessage("runner offline on GitHub");
      }
      return Optional.empty();
    }
    if (view.runningJob().isPresent()) {
      markBusy(status, view, now);
      return Optional.empty();
    }
    if (listedSinceRegistration(status, view)) {
      if (ephemeral) {
        finishedUnlessPossiblyLost(status, view, "finished its job; GitHub removed the ephemeral runner");
        return Optional.empty();
      }
      set(status, RunnerPhase.FAILED, "runner registration " + status.getGithubRunnerName()
          + " was removed on GitHub; the pool replaces this Runner");
      return Optional.of(Loss.REGISTRATION_LOST);
    }
    return Optional.empty();
  }

  /**
   * GitHub says the job is over (failed, or the runner went offline or was removed), but a job also fails when its
   * instance is reclaimed under it: only an instance listing of the same round as that registration listing tells
   * which. When the latest instance listing failed, the Runner waits for the next one, which reports the loss (and
   * the job's rerun) if EC2 ended the instance, rather than finishing silently.
   */
  private void finishedUnlessPossiblyLost(RunnerStatus status, View view, String message) {
    boolean instancesListedThisRound = view.instancesListedAt() != null && view.registrationsListedAt() != null
        && view.instancesListedAt().isAfter(view.registrationsListedAt().minus(observationInterval));
    if (instancesListedThisRound) {
      set(status, RunnerPhase.TERMINATING, message);
    } else {
      status.setMessage("job over on GitHub; waiting for an instance listing to tell whether instance "
          + status.getInstanceId() + " was lost");
    }
  }

  /** Whether GitHub's runners were listed after the Runner was first seen registered. */
  private static boolean listedSinceRegistration(RunnerStatus status, View view) {
    return status.getRegisteredAt() != null && view.registrationsListedAt() != null
        && view.registrationsListedAt().isAfter(Instant.parse(status.getRegisteredAt()));
  }

  private boolean instanceGone(RunnerStatus status, View view) {
    if (view.instance().isPresent()) {
      return view.instance().get().state().isGone();
    }
    if (view.instancesListedAt() == null || status.getLaunchedAt() == null) {
      return false;
    }
    return view.instancesListedAt().isAfter(Instant.parse(status.getLaunchedAt()).plus(instanceVisibilityGrace));
  }

  /** lastBusyAt is written when a job starts and when it ends, not on every observation, to keep status quiet. */
  private static void markBusy(RunnerStatus status, View view, Instant now) {
    if (!RunnerPhase.BUSY.wireName().equals(status.getPhase())) {
      status.setLastBusyAt(now.toString());
    }
    set(status, RunnerPhase.BUSY, null);
    if (status.getRegisteredAt() == null) {
      status.setRegisteredAt(now.toString());
    }
    status.setIdleSince(null);
    view.runningJob().ifPresent(job -> status.setJob(new JobReference()
        .withRepository(job.getSpec().getRepository())
        .withRunId(job.getSpec().getRunId())
        .withJobId(job.getSpec().getJobId())
        .withName(job.getSpec().getName())));
  }

  private static void markIdle(RunnerStatus status, View view, Instant now) {
    if (RunnerPhase.BUSY.wireName().equals(status.getPhase())) {
      status.setLastBusyAt(now.toString());
    }
    set(status, RunnerPhase.IDLE, null);
    if (status.getRegisteredAt() == null) {
      status.setRegisteredAt(now.toString());
    }
    if (status.getIdleSince() == null) {
      Instant seen = view.registrationsListedAt() == null ? now : view.registrationsListedAt();
      status.setIdleSince(seen.toString());
    }
  }

  private static void set(RunnerStatus status, RunnerPhase phase, String message) {
    status.setPhase(phase.wireName());
    status.setMessage(message);
  }
}
