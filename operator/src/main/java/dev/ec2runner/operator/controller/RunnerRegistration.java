package dev.ec2runner.operator.controller;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.RunnerPhase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a launched Runner on GitHub: creates a just-in-time configuration for this one launch (in the pool's
 * runner group, with the runner's whole label set) and hands it to the instance through the cloud. The
 * registration id is recorded before the hand-off, so a hand-off that fails is undone (the registration deleted) and
 * a fresh configuration made next time: a JIT config is never reused.
 */
public final class RunnerRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerRegistration.class);
  static final String WORK_FOLDER = "_work";

  private final GitHubAccess gitHub;
  private final RunnerGroupResolver groups;
  private final RunnerCloud cloud;
  private final EventRecorder events;
  private final RunnerStatusWriter writer;
  private final Duration recheck;
  private final Duration errorRetry;

  public RunnerRegistration(GitHubAccess gitHub, RunnerGroupResolver groups, RunnerCloud cloud,
      EventRecorder events, Clock clock, Duration recheck, Duration errorRetry) {
    this.gitHub = gitHub;
    this.groups = groups;
    this.cloud = cloud;
    this.events = events;
    this.writer = new RunnerStatusWriter(clock);
    this.recheck = recheck;
    this.errorRetry = errorRetry;
  }

  /** What stops the pool's Runners from registering, if anything: an unusable App Secret, a missing group. */
  public Optional<PoolBlocker> blocker(RunnerPool pool) {
    GitHubAccess.Result access = gitHub.forPool(pool);
    if (access instanceof GitHubAccess.Unavailable unavailable) {
      return Optional.of(unavailable.blocker());
    }
    GitHubAccess.Available available = (GitHubAccess.Available) access;
    if (gitHub.health().pausedFor(available.installation()).isEmpty()
        && groups.resolve(available.client(), pool) instanceof RunnerGroupResolver.Missing missing) {
      return Optional.of(missing.blocker());
    }
    return Optional.empty();
  }

  /**
   * How long to hold back launches because GitHub rate-limited the pool's installation: an instance launched now
   * could not be registered before the limit resets.
   */
  public Optional<Duration> pausedFor(RunnerPool pool) {
    return gitHub.forPool(pool) instanceof GitHubAccess.Available available
        ? gitHub.health().pausedFor(available.installation()) : Optional.empty();
  }

  /**
   * The labels a JIT runner registers with: GitHub adds none to a JIT runner, so {@code self-hosted}, the OS and
   * the architecture come first, then the pool's labels as the Runner recorded them.
   */
  static List<String> jitLabels(Runner runner, RunnerPool pool) {
    RunnerSettings settings = pool.getSpec().getRunner();
    String os = settings == null || settings.getOs() == null ? "linux" : settings.getOs();
    String arch = settings == null || settings.getArchitecture() == null ? "x64" : settings.getArchitecture();
    List<String> labels = new ArrayList<>(List.of("self-hosted", os, arch));
    if (runner.getSpec().getLabels() != null) {
      labels.addAll(runner.getSpec().getLabels());
    }
    Set<String> seen = new TreeSet<>();
    return labels.stream().filter(label -> seen.add(label.toLowerCase(Locale.ROOT))).toList();
  }

  /** A throttled step waits for the limit, but re-checks at least every interval (the wait itself is local). */
  private Step throttled(Duration retryAfter) {
    Duration wait = retryAfter == null ? errorRetry : retryAfter;
    return Step.retry(wait.compareTo(recheck) < 0 ? wait : recheck);
  }

  Step register(Runner runner, RunnerPool pool, Context<Runner> context, Snapshot snapshot) {
    if (!(gitHub.forPool(pool) instanceof GitHubAccess.Available available)) {
      PoolBlocker blocker = blocker(pool).orElseThrow();
      writer.write(runner, context, writer.condition(RunnerStatusWriter.CONFIGURED, false, blocker.reason(),
          blocker.message()));
      return Step.retry(recheck);
    }
    GitHubInstallation client = available.client();
    PoolScope scope = PoolScope.of(pool.getSpec().getGithub());
    String name = runner.getMetadata().getName();
    RunnerGroupResolver.Resolution group = groups.resolve(client, pool);
    if (group instanceof RunnerGroupResolver.Missing missing) {
      writer.write(runner, context, writer.condition(RunnerStatusWriter.CONFIGURED, false,
          missing.blocker().reason(), missing.blocker().message()));
      return Step.retry(recheck);
    }
    if (group instanceof RunnerGroupResolver.Unresolved unresolved) {
      return unresolved.error() instanceof GitHubException.Throttled throttled
          ? throttled(throttled.retryAfter()) : Step.retry(errorRetry);
    }
    long groupId = ((RunnerGroupResolver.Resolved) group).groupId();
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
      JitConfig jit = client.createJitConfig(scope,
          new JitConfigRequest(name, groupId, jitLabels(runner, pool), WORK_FOLDER));
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
      return throttled(e.retryAfter());
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
