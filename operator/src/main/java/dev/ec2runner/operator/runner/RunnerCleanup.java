package dev.ec2runner.operator.runner;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.job.InterruptedJobMarker;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.RunnerPhase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a deleted Runner from the world, in this order: its GitHub registration (a busy runner answers 422, and
 * the Runner waits as Draining: a job is never killed), the configuration its instance did not consume, then the
 * instance. Only then does JOSDK remove the finalizer.
 */
public final class RunnerCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerCleanup.class);

  private final GitHubAccess gitHub;
  private final RunnerCloud cloud;
  private final RunnerLauncher launcher;
  private final EventRecorder events;
  private final RunnerStatusWriter writer;
  private final Duration recheck;
  private final Duration errorRetry;

  public RunnerCleanup(GitHubAccess gitHub, RunnerCloud cloud, RunnerLauncher launcher, EventRecorder events,
      Clock clock, Duration recheck, Duration errorRetry) {
    this.gitHub = gitHub;
    this.cloud = cloud;
    this.launcher = launcher;
    this.events = events;
    this.writer = new RunnerStatusWriter(clock);
    this.recheck = recheck;
    this.errorRetry = errorRetry;
  }

  DeleteControl cleanup(Runner runner, Context<Runner> context, Snapshot snapshot) {
    String name = runner.getMetadata().getName();
    String namespace = runner.getMetadata().getNamespace();
    RunnerStatus status = runner.getStatus() == null ? new RunnerStatus() : runner.getStatus();
    Optional<RunnerPool> pool = context.getSecondaryResource(RunnerPool.class);
    Long registrationId = status.getGithubRunnerId() != null ? status.getGithubRunnerId()
        : snapshot.registrationNamed(name).map(GitHubRunner::id).orElse(null);
    boolean gone = registrationId != null && pool.isPresent()
        && (ranItsOneJob(runner, context) || alreadyUnregistered(status, registrationId, pool.get(), snapshot));
    if (registrationId != null && !gone) {
      if (pool.isEmpty()) {
        LOG.warn("runner deleted without its pool; registration left for garbage collection runner={}/{}",
            namespace, name);
      } else {
        Optional<DeleteControl> waiting = deregister(runner, pool.get(), registrationId, context);
        if (waiting.isPresent()) {
          return waiting.get();
        }
      }
    }
    String uid = runner.getMetadata().getUid();
    String instanceId = status.getInstanceId() != null ? status.getInstanceId()
        : launcher.remembered(uid).map(LaunchedInstance::instanceId)
            .or(() -> snapshot.instanceOf(uid).map(CloudInstance::instanceId))
            .orElse(null);
    if (instanceId != null) {
      if (!RunnerPhase.TERMINATING.wireName().equals(status.getPhase())) {
        runner = writer.write(runner, context, s -> {
          s.setPhase(RunnerPhase.TERMINATING.wireName());
          s.setMessage("terminating instance " + instanceId);
        });
      }
      try {
        cloud.deleteRunnerConfig(RunnerRegions.configKey(runner, instanceId, pool));
        cloud.terminate(RunnerRegions.of(runner, pool), List.of(instanceId));
      } catch (CloudException.Throttled e) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry(e.retryAfter()));
      } catch (CloudException e) {
        events.warning(runner, "TerminateFailed", "could not terminate " + instanceId + ": " + e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(errorRetry);
      }
    }
    launcher.forget(uid);
    LOG.info("runner removed runner={}/{} instance={} githubRunnerId={}{}", namespace, name, instanceId,
        registrationId, gone ? " (GitHub had already dropped it)" : "");
    return DeleteControl.defaultDelete();
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
  private static boolean ranItsOneJob(Runner runner, Context<Runner> context) {
    return !Boolean.FALSE.equals(runner.getSpec().getEphemeral())
        && context.getSecondaryResources(WorkflowJob.class).stream().anyMatch(InterruptedJobMarker::endedWell);
  }

  /** Removes the registration; a DeleteControl to return when the Runner must wait. */
  private Optional<DeleteControl> deregister(Runner runner, RunnerPool pool, long registrationId,
      Context<Runner> context) {
    if (!(gitHub.forPool(pool) instanceof GitHubAccess.Available available)) {
      GitHubAccess.Unavailable unavailable = (GitHubAccess.Unavailable) gitHub.forPool(pool);
      events.warning(runner, "DeregistrationBlocked", unavailable.blocker().message()
          + "; the runner stays registered (and its instance running) until the App Secret is fixed");
      return Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck));
    }
    try {
      available.client().deleteRunner(PoolScope.of(pool.getSpec().getGithub()), registrationId);
      return Optional.empty();
    } catch (GitHubException.RunnerBusy e) {
      if (!RunnerPhase.DRAINING.wireName().equals(runner.getStatus().getPhase())) {
        events.normal(runner, "Draining", "waiting for the running job to finish before removing the runner");
        writer.write(runner, context, s -> {
          s.setPhase(RunnerPhase.DRAINING.wireName());
          s.setMessage("waiting for the running job to finish before removal");
        });
      }
      return Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck));
    } catch (GitHubException.Throttled e) {
      return Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(retry(e.retryAfter())));
    } catch (GitHubException e) {
      events.warning(runner, "DeregistrationFailed", "GitHub refused to remove the runner: " + e.getMessage());
      return Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(errorRetry));
    }
  }

  private Duration retry(Duration after) {
    return after == null ? errorRetry : after;
  }
}
