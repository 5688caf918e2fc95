package dev.ec2runner.operator.controller;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunners;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.RunnerPhase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a launched Runner on GitHub: creates a just-in-time configuration for this one launch and hands it to
 * the instance through the cloud. The registration id is recorded before the hand-off, so a hand-off that fails is
 * undone (the registration deleted) and a fresh configuration made next time: a JIT config is never reused.
 */
public final class RunnerRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerRegistration.class);
  /** The default runner group; groups by name are not resolved yet. */
  static final long DEFAULT_RUNNER_GROUP = 1;
  static final String WORK_FOLDER = "_work";

  private final GitHubAccess gitHub;
  private final RunnerCloud cloud;
  private final EventRecorder events;
  private final RunnerStatusWriter writer;
  private final Duration recheck;
  private final Duration errorRetry;

  public RunnerRegistration(GitHubAccess gitHub, RunnerCloud cloud, EventRecorder events, Clock clock,
      Duration recheck, Duration errorRetry) {
    this.gitHub = gitHub;
    this.cloud = cloud;
    this.events = events;
    this.writer = new RunnerStatusWriter(clock);
    this.recheck = recheck;
    this.errorRetry = errorRetry;
  }

  /** What stops the pool's Runners from registering, if anything. */
  public Optional<PoolBlocker> blocker(RunnerPool pool) {
    return gitHub.forPool(pool) instanceof GitHubAccess.Unavailable u ? Optional.of(u.blocker()) : Optional.empty();
  }

  Step register(Runner runner, RunnerPool pool, Context<Runner> context, Snapshot snapshot) {
    if (!(gitHub.forPool(pool) instanceof GitHubAccess.Available available)) {
      PoolBlocker blocker = blocker(pool).orElseThrow();
      writer.write(runner, context, writer.condition(RunnerStatusWriter.CONFIGURED, false, blocker.reason(),
          blocker.message()));
      return Step.retry(recheck);
    }
    GitHubRunners client = available.client();
    PoolScope scope = PoolScope.of(pool.getSpec().getGithub());
    String name = runner.getMetadata().getName();
    try {
      Long stale = runner.getStatus().getGithubRunnerId();
      if (stale == null) {
        stale = snapshot.scope(scope).flatMap(s -> s.named(name)).map(r -> r.id()).orElse(null);
      }
      if (stale != null) {
        // A registration whose configuration never reached the instance: remove it rather than reuse anything.
        client.deleteRunner(scope, stale);
        runner = writer.write(runner, context, s -> s.setGithubRunnerId(null));
      }
      List<String> labels = runner.getSpec().getLabels() == null ? List.of() : runner.getSpec().getLabels();
      JitConfig jit = client.createJitConfig(scope,
          new JitConfigRequest(name, DEFAULT_RUNNER_GROUP, labels, WORK_FOLDER));
      runner = writer.write(runner, context, s -> {
        s.setGithubRunnerId(jit.runnerId());
        s.setGithubRunnerName(jit.runnerName());
      });
      String instanceId = runner.getStatus().getInstanceId();
      cloud.handOffRunnerConfig(new RunnerConfigKey(runner.getMetadata().getNamespace(), runner.getSpec().getPool(),
          instanceId), jit.encodedConfig());
      Runner configured = writer.write(runner, context, writer.condition(RunnerStatusWriter.CONFIGURED, true,
          "ConfigHandedOff", "JIT configuration for " + jit.runnerName() + " handed to " + instanceId).andThen(s -> {
            s.setPhase(RunnerPhase.BOOTING.wireName());
            s.setMessage("waiting for the runner on " + instanceId + " to come online");
          }));
      LOG.info("runner configured runner={}/{} instance={} githubRunnerId={}", runner.getMetadata().getNamespace(),
          name, instanceId, jit.runnerId());
      return Step.proceed(configured);
    } catch (GitHubException.Throttled e) {
      return Step.retry(e.retryAfter() == null ? errorRetry : e.retryAfter());
    } catch (GitHubException.Conflict e) {
      // Registered earlier without the id being recorded; the next observation lists it and it is removed then.
      return Step.retry(recheck);
    } catch (GitHubException e) {
      return failed(runner, context, "GitHubError", "GitHub refused the runner registration: " + e.getMessage());
    } catch (CloudException.Throttled e) {
      return Step.retry(e.retryAfter() == null ? errorRetry : e.retryAfter());
    } catch (CloudException e) {
      return failed(runner, context, "HandOffFailed", "could not hand the runner configuration over: "
          + e.getMessage());
    }
  }

  private Step failed(Runner runner, Context<Runner> context, String reason, String message) {
    events.warning(runner, reason, message);
    writer.write(runner, context, writer.condition(RunnerStatusWriter.CONFIGURED, false, reason, message));
    return Step.retry(errorRetry);
  }
}
