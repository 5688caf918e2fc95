package dev.ec2runner.operator.runner;

import dev.ec2runner.api.InstanceArchitecture;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.RunnerPhase;
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
 * registration id is recorded before the hand-off; a hand-off that fails is undone (the registration deleted) and a
 * fresh configuration made next time: a JIT config is never reused. A recorded id with no recorded outcome means an
 * earlier process died around the hand-off; it counts as handed over (see {@link #reconcile}). Whether an instance
 * may be launched for it at all is the {@link LaunchGate}'s call. A Runner past Launching passes through.
 */
public final class RegisterStep implements RunnerStep {

  private static final Logger LOG = LoggerFactory.getLogger(RegisterStep.class);
  static final String WORK_FOLDER = "_work";
  private static final String HAND_OFF_FAILED = "HandOffFailed";

  private final GitHubAccess gitHub;
  private final RunnerGroupResolver groups;
  private final RunnerCloud cloud;
  private final CloudHealth cloudHealth;
  private final EventRecorder events;
  private final RunnerStatusWriter writer;
  private final Duration recheck;
  private final Duration errorRetry;
  private final InstallationId installation;

  /**
   * @param cloud the cloud {@link CloudHealth#guard guarded} by {@code cloudHealth}
   * @param installation labelled on every runner registered, so garbage collection tells its own registrations
   */
  public RegisterStep(GitHubAccess gitHub, RunnerGroupResolver groups, RunnerCloud cloud,
      CloudHealth cloudHealth, EventRecorder events, Clock clock, Duration recheck, Duration errorRetry,
      InstallationId installation) {
    this.installation = installation;
    this.gitHub = gitHub;
    this.groups = groups;
    this.cloud = cloud;
    this.cloudHealth = cloudHealth;
    this.events = events;
    this.writer = new RunnerStatusWriter(clock);
    this.recheck = recheck;
    this.errorRetry = errorRetry;
  }

  /**
   * The labels a JIT runner registers with: GitHub adds none to a JIT runner, so {@code self-hosted}, the OS and
   * the architecture come first, then the pool's labels as the Runner recorded them, then the installation's label.
   */
  static List<String> jitLabels(Runner runner, RunnerPool pool, InstallationId installation) {
    RunnerSettings settings = pool.getSpec().getRunner();
    String os = settings == null || settings.getOs() == null ? "linux" : settings.getOs();
    String arch = InstanceArchitecture.ofPool(pool.getSpec());
    List<String> labels = new ArrayList<>(List.of("self-hosted", os, arch));
    if (runner.getSpec().getLabels() != null) {
      labels.addAll(runner.getSpec().getLabels());
    }
    labels.add(installation.runnerLabel());
    Set<String> seen = new TreeSet<>();
    return labels.stream().filter(label -> seen.add(label.toLowerCase(Locale.ROOT))).toList();
  }

  /** A throttled step waits for the limit, but re-checks at least every interval (the wait itself is local). */
  private Step throttled(Duration retryAfter) {
    Duration wait = retryAfter == null ? errorRetry : retryAfter;
    return Step.retry(wait.compareTo(recheck) < 0 ? wait : recheck);
  }

  @Override
  public Step reconcile(Runner runner, RunnerContext in) {
    if (!RunnerPhase.LAUNCHING.wireName().equals(runner.getStatus().getPhase())) {
      return Step.proceed(runner);
    }
    RunnerPool pool = in.presentPool();
    Optional<PoolBlocker> cloudRefuses = cloudHealth.launchBlocker();
    boolean handedOverEarlier = runner.getStatus().getGithubRunnerId() != null && !lastAttemptFailed(runner.getStatus());
    if (cloudRefuses.isPresent() && !handedOverEarlier) {
      // A configuration made now could not reach the instance, and every retry would cost GitHub a registration
      // and its removal: wait until the cloud takes the credentials again (the Runner is replaced after its boot
      // timeout if that takes too long).
      writer.write(runner, in, writer.condition(RunnerStatusWriter.CONFIGURED, false,
          cloudRefuses.get().reason(), cloudRefuses.get().message()));
      return Step.retry(recheck);
    }
    GitHubAccess.Result access = gitHub.forPool(pool);
    if (access instanceof GitHubAccess.Unavailable unavailable) {
      PoolBlocker blocker = unavailable.blocker();
      writer.write(runner, in, writer.condition(RunnerStatusWriter.CONFIGURED, false, blocker.reason(),
          blocker.message()));
      return Step.retry(recheck);
    }
    GitHubAccess.Available available = (GitHubAccess.Available) access;
    GitHubInstallation client = available.client();
    PoolScope scope = PoolScope.of(pool.getSpec().getGithub());
    String name = runner.getMetadata().getName();
    RunnerGroupResolver.Resolution group = groups.resolve(client, pool);
    if (group instanceof RunnerGroupResolver.Missing missing) {
      writer.write(runner, in, writer.condition(RunnerStatusWriter.CONFIGURED, false,
          missing.blocker().reason(), missing.blocker().message()));
      return Step.retry(recheck);
    }
    if (group instanceof RunnerGroupResolver.Unresolved unresolved) {
      return unresolved.error() instanceof GitHubException.Throttled throttled
          ? throttled(throttled.retryAfter()) : Step.retry(errorRetry);
    }
    long groupId = ((RunnerGroupResolver.Resolved) group).groupId();
    String instanceId = runner.getStatus().getInstanceId();
    Long recorded = runner.getStatus().getGithubRunnerId();
    if (recorded != null && !lastAttemptFailed(runner.getStatus())) {
      // Registered and recorded by an earlier attempt whose outcome was never written (the process died): whether
      // the configuration reached the instance cannot be told, and the instance reads one configuration only.
      // Assume it did: if not, the Runner never comes online and is replaced after its boot timeout.
      LOG.info("runner registered earlier; assuming its configuration was handed over runner={}/{} instance={}",
          runner.getMetadata().getNamespace(), name, instanceId);
      return Step.proceed(booting(runner, in, runner.getStatus().getGithubRunnerName(), instanceId));
    }
    try {
      // Another installation sharing the scope may have a runner of the same name: never remove that one (GitHub
      // then refuses this registration as a conflict, and the Runner is replaced after its boot timeout).
      Long stale = recorded != null ? recorded
          : in.snapshot().scope(scope).flatMap(s -> s.named(name)).filter(r -> installation.labelsOf(r.labels()))
              .map(r -> r.id()).orElse(null);
      if (stale != null) {
        // A registration whose configuration never reached the instance: remove it rather than reuse anything.
        client.deleteRunner(scope, stale);
      }
      JitConfig jit = client.createJitConfig(scope,
          new JitConfigRequest(name, groupId, jitLabels(runner, pool, installation), WORK_FOLDER));
      runner = writer.write(runner, in, s -> {
        s.setGithubRunnerId(jit.runnerId());
        s.setGithubRunnerName(jit.runnerName());
        // From here on, Configured=False can only mean that this registration's hand-off failed.
        if (s.getConditions() != null) {
          s.setConditions(s.getConditions().stream()
              .filter(c -> !RunnerStatusWriter.CONFIGURED.equals(c.getType())).toList());
        }
      });
      try {
        cloud.handOffRunnerConfig(RunnerRegions.configKey(runner, instanceId, Optional.of(pool)),
            jit.encodedConfig());
      } catch (CloudException e) {
        return handOffFailed(runner, in, e);
      }
      Runner configured = booting(runner, in, jit.runnerName(), instanceId);
      LOG.info("runner configured runner={}/{} instance={} githubRunnerId={}", runner.getMetadata().getNamespace(),
          name, instanceId, jit.runnerId());
      return Step.proceed(configured);
    } catch (GitHubException.Throttled e) {
      return throttled(e.retryAfter());
    } catch (GitHubException.Conflict e) {
      // Registered earlier without the id being recorded; the next observation lists it and it is removed then.
      return Step.retry(recheck);
    } catch (GitHubException e) {
      return failed(runner, in, "GitHubError", "GitHub refused the runner registration: " + e.getMessage());
    }
  }

  private Runner booting(Runner runner, RunnerContext in, String runnerName, String instanceId) {
    return writer.write(runner, in, writer.condition(RunnerStatusWriter.CONFIGURED, true,
        "ConfigHandedOff", "JIT configuration for " + runnerName + " handed to " + instanceId).andThen(s -> {
          s.setPhase(RunnerPhase.BOOTING.wireName());
          s.setMessage("waiting for the runner on " + instanceId + " to come online");
        }));
  }

  /**
   * The configuration did not reach the instance. The Configured=False condition tells the next attempt so: it
   * deletes the recorded registration and registers afresh, rather than assuming a hand-off.
   */
  private Step handOffFailed(Runner runner, RunnerContext in, CloudException e) {
    String message = "could not hand the runner configuration over: " + e.getMessage();
    if (e instanceof CloudException.Throttled throttled) {
      writer.write(runner, in, writer.condition(RunnerStatusWriter.CONFIGURED, false, HAND_OFF_FAILED,
          message));
      return Step.retry(throttled.retryAfter() == null ? errorRetry : throttled.retryAfter());
    }
    return failed(runner, in, HAND_OFF_FAILED, message);
  }

  /**
   * Whether the last attempt recorded a failure (a refused hand-off, or a GitHub error cleaning up after one): then a
   * recorded registration was never handed over. A successful hand-off writes Configured=True with the phase.
   */
  private static boolean lastAttemptFailed(RunnerStatus status) {
    return status.getConditions() != null && status.getConditions().stream().anyMatch(c ->
        RunnerStatusWriter.CONFIGURED.equals(c.getType()) && "False".equals(c.getStatus()));
  }

  private Step failed(Runner runner, RunnerContext in, String reason, String message) {
    events.warning(runner, reason, message);
    writer.write(runner, in, writer.condition(RunnerStatusWriter.CONFIGURED, false, reason, message));
    return Step.retry(errorRetry);
  }
}
