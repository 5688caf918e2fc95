package dev.ec2runner.operator.runner;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.job.InterruptedJobMarker;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.RunnerPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a deleted Runner's removal: its GitHub registration goes. A busy runner answers 422, and the
 * Runner waits as Draining: a job is never killed. GitHub's busy flag lags behind a job that just started, and until
 * it turns GitHub accepts the DELETE and the job dies with its runner; so a Runner an in-progress job names (its
 * webhook is newer than the flag) drains too, without asking. {@link TerminateStep} follows.
 */
public final class DeregisterStep implements RunnerStep {

  private static final Logger LOG = LoggerFactory.getLogger(DeregisterStep.class);
  /**
   * How long GitHub's busy flag may trail a job's start. A listing taken this long after the job started that shows
   * the runner idle is believed over the in-progress webhook, whose completion was lost (else a lost completion
   * would hold a long-lived runner's removal for ever).
   */
  static final Duration BUSY_FLAG_CATCHES_UP = Duration.ofMinutes(2);

  private final GitHubAccess gitHub;
  private final InstallationId installation;
  private final EventRecorder events;
  private final RunnerStatusWriter writer;
  private final Duration recheck;
  private final Duration errorRetry;

  /**
   * @param installation whose label a registration found by name must carry to be removed
   */
  public DeregisterStep(GitHubAccess gitHub, InstallationId installation, EventRecorder events, Clock clock,
      Duration recheck, Duration errorRetry) {
    this.gitHub = gitHub;
    this.installation = installation;
    this.events = events;
    this.writer = new RunnerStatusWriter(clock);
    this.recheck = recheck;
    this.errorRetry = errorRetry;
  }

  @Override
  public Step reconcile(Runner runner, RunnerContext in) {
    String name = runner.getMetadata().getName();
    RunnerStatus status = runner.getStatus() == null ? new RunnerStatus() : runner.getStatus();
    Optional<RunnerPool> pool = in.pool();
    // Without a recorded id the registration is found by name, and another installation sharing the scope may have a
    // runner of that name (GitHub then refused this Runner's registration): only one carrying this installation's
    // label is this Runner's.
    Long registrationId = status.getGithubRunnerId() != null ? status.getGithubRunnerId()
        : in.snapshot().registrationNamed(name).filter(r -> installation.labelsOf(r.labels()))
            .map(GitHubRunner::id).orElse(null);
    if (registrationId == null) {
      return Step.proceed(runner);
    }
    if (pool.isEmpty()) {
      LOG.warn("runner deleted without its pool; registration left for garbage collection runner={}/{}",
          runner.getMetadata().getNamespace(), name);
      return Step.proceed(runner);
    }
    if (ranItsOneJob(runner, in) || alreadyUnregistered(status, registrationId, pool.get(), in.snapshot())) {
      LOG.info("runner registration already dropped by GitHub runner={}/{} githubRunnerId={}",
          runner.getMetadata().getNamespace(), name, registrationId);
      return Step.proceed(runner);
    }
    if (runsAJob(runner, status, pool.get(), in)) {
      return drain(runner, in);
    }
    return deregister(runner, pool.get(), registrationId, in);
  }

  /**
   * Whether an in-progress job names this runner and nothing newer says it is over: the Runner was not found lost
   * or finished, its instance is not listed as gone, and no listing taken once GitHub's busy flag had caught up with
   * the job shows the runner idle.
   */
  private static boolean runsAJob(Runner runner, RunnerStatus status, RunnerPool pool, RunnerContext in) {
    RunnerPhase phase = RunnerPhase.fromWireName(status.getPhase());
    if (phase == RunnerPhase.FAILED || phase == RunnerPhase.TERMINATING) {
      return false;
    }
    boolean instanceGone = Optional.ofNullable(status.getInstanceId()).flatMap(in.snapshot()::instanceOrReclaimed)
        .map(instance -> instance.reclaimed() || instance.state().isGone()).orElse(false);
    if (instanceGone) {
      return false;
    }
    Optional<Snapshot.ScopeRunners> listed = in.snapshot().scope(PoolScope.of(pool.getSpec().getGithub()));
    return in.context().getSecondaryResources(WorkflowJob.class).stream()
        .filter(job -> JobState.IN_PROGRESS.is(job.getSpec().getState()))
        .anyMatch(job -> !idleOnceTheFlagCaughtUp(startedAt(job, status), listed, runner.getMetadata().getName()));
  }

  /** When the job started, by its webhook, else when the Runner was first seen busy; null if neither is known. */
  private static Instant startedAt(WorkflowJob job, RunnerStatus status) {
    String started = job.getSpec().getStartedAt() != null ? job.getSpec().getStartedAt() : status.getLastBusyAt();
    return started == null ? null : Instant.parse(started);
  }

  private static boolean idleOnceTheFlagCaughtUp(Instant startedAt, Optional<Snapshot.ScopeRunners> listed,
      String name) {
    if (startedAt == null || listed.isEmpty() || listed.get().listedAt() == null) {
      return false;
    }
    return listed.get().listedAt().isAfter(startedAt.plus(BUSY_FLAG_CATCHES_UP))
        && listed.get().named(name).map(registration -> !registration.busy()).orElse(true);
  }

  /**
   * Whether GitHub already dropped the registration: an ephemeral runner unregisters itself when its job ends, so a
   * listing taken after the runner was first seen registered that no longer shows it leaves nothing to delete. This
   * saves a DELETE (answered 404) per job, the largest share of GitHub calls at steady state.
   */
  private static boolean alreadyUnregistered(RunnerStatus status, long registrationId, RunnerPool pool,
      Snapshot snapshot) {
    if (status.getRegisteredAt() == null) {
      return false;
    }
    Instant registered = Instant.parse(status.getRegisteredAt());
    return snapshot.scope(PoolScope.of(pool.getSpec().getGithub()))
        .filter(listing -> listing.listedAt() != null && listing.listedAt().isAfter(registered))
        .map(listing -> listing.runners().stream().noneMatch(r -> r.id() == registrationId))
        .orElse(false);
  }

  /**
   * Whether the Runner is ephemeral and GitHub reported its job ended well: GitHub removes an ephemeral runner with
   * its job, so there is nothing to delete, and the Runner need not wait for a listing to show it (its slot in the
   * pool goes to the next job at once). A job that failed may have lost its runner, which then stays registered
   * (offline); that registration is deleted as usual.
   */
  private static boolean ranItsOneJob(Runner runner, RunnerContext in) {
    return !Boolean.FALSE.equals(runner.getSpec().getEphemeral())
        && in.context().getSecondaryResources(WorkflowJob.class).stream().anyMatch(InterruptedJobMarker::endedWell);
  }

  private Step deregister(Runner runner, RunnerPool pool, long registrationId, RunnerContext in) {
    if (!(gitHub.forPool(pool) instanceof GitHubAccess.Available available)) {
      GitHubAccess.Unavailable unavailable = (GitHubAccess.Unavailable) gitHub.forPool(pool);
      events.warning(runner, "DeregistrationBlocked", unavailable.blocker().message()
          + "; the runner stays registered (and its instance running) until the App Secret is fixed");
      return Step.retry(recheck);
    }
    try {
      available.client().deleteRunner(PoolScope.of(pool.getSpec().getGithub()), registrationId);
      LOG.info("runner deregistered runner={}/{} githubRunnerId={}", runner.getMetadata().getNamespace(),
          runner.getMetadata().getName(), registrationId);
      return Step.proceed(runner);
    } catch (GitHubException.RunnerBusy e) {
      return drain(runner, in);
    } catch (GitHubException.Throttled e) {
      return Step.retry(e.retryAfter() == null ? errorRetry : e.retryAfter());
    } catch (GitHubException e) {
      events.warning(runner, "DeregistrationFailed", "GitHub refused to remove the runner: " + e.getMessage());
      return Step.retry(errorRetry);
    }
  }

  private Step drain(Runner runner, RunnerContext in) {
    if (runner.getStatus() == null || !RunnerPhase.DRAINING.wireName().equals(runner.getStatus().getPhase())) {
      events.normal(runner, "Draining", "waiting for the running job to finish before removing the runner");
      writer.write(runner, in, s -> {
        s.setPhase(RunnerPhase.DRAINING.wireName());
        s.setMessage("waiting for the running job to finish before removal");
      });
    }
    return Step.retry(recheck);
  }
}
