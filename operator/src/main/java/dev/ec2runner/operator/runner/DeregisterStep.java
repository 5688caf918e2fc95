package dev.ec2runner.operator.runner;

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
 * Runner waits as Draining: a job is never killed. {@link TerminateStep} follows.
 */
public final class DeregisterStep implements RunnerStep {

  private static final Logger LOG = LoggerFactory.getLogger(DeregisterStep.class);

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
    return deregister(runner, pool.get(), registrationId, in);
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
      if (!RunnerPhase.DRAINING.wireName().equals(runner.getStatus().getPhase())) {
        events.normal(runner, "Draining", "waiting for the running job to finish before removing the runner");
        writer.write(runner, in, s -> {
          s.setPhase(RunnerPhase.DRAINING.wireName());
          s.setMessage("waiting for the running job to finish before removal");
        });
      }
      return Step.retry(recheck);
    } catch (GitHubException.Throttled e) {
      return Step.retry(e.retryAfter() == null ? errorRetry : e.retryAfter());
    } catch (GitHubException e) {
      events.warning(runner, "DeregistrationFailed", "GitHub refused to remove the runner: " + e.getMessage());
      return Step.retry(errorRetry);
    }
  }
}
