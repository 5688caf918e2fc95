package dev.ec2runner.simulator.baseline;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-down Lambda, run on a schedule: for every instance of the pools that has run at least the minimum
 * running time, an idle runner is deregistered and its instance terminated (GitHub refusing with 422 because the
 * runner is busy means: skip it), and an instance that never registered within the boot time is terminated as an
 * orphan. Whether a runner is idle is what GitHub's (lagging) busy flag says. Offline registrations without an
 * instance are left alone, as in the original.
 */
final class ScaleDownLambda {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleDownLambda.class);

  private final RunnerCloud cloud;
  private final AppGitHubRunners github;
  private final List<RunnerPool> pools;
  private final BaselineSettings settings;
  private final Clock clock;
  final AtomicLong removed = new AtomicLong();
  final AtomicLong orphansTerminated = new AtomicLong();
  final AtomicLong busySkipped = new AtomicLong();

  ScaleDownLambda(RunnerCloud cloud, AppGitHubRunners github, List<RunnerPool> pools, BaselineSettings settings,
      Clock clock) {
    this.cloud = cloud;
    this.github = github;
    this.pools = List.copyOf(pools);
    this.settings = settings;
    this.clock = clock;
  }

  void run() {
    List<CloudInstance> instances;
    try {
      instances = cloud.listInstances();
    } catch (CloudException e) {
      LOG.debug("scale-down could not list instances: {}", e.getMessage());
      return;
    }
    Instant now = clock.instant();
    for (RunnerPool pool : pools) {
      PoolScope scope = BaselinePools.scope(pool);
      Map<String, GitHubRunner> runners = new HashMap<>();
      try {
        github.listRunners(scope).forEach(runner -> runners.put(runner.name(), runner));
      } catch (GitHubException e) {
        LOG.debug("scale-down could not list the runners of {}: {}", scope.display(), e.getMessage());
        continue;
      }
      for (CloudInstance instance : instances) {
        if (BaselinePools.name(pool).equals(instance.pool()) && !instance.state().isGone()) {
          consider(scope, instance, runners.get(instance.instanceId()), now);
        }
      }
    }
  }

  private void consider(PoolScope scope, CloudInstance instance, GitHubRunner runner, Instant now) {
    Duration age = Duration.between(instance.launchTime(), now);
    if (age.compareTo(settings.minimumRunningTime()) < 0) {
      return;
    }
    try {
      if (runner == null) {
        if (age.compareTo(settings.bootTime()) >= 0) {
          cloud.terminate(List.of(instance.instanceId()));
          orphansTerminated.incrementAndGet();
        }
        return;
      }
      if (runner.busy()) {
        busySkipped.incrementAndGet();
        return;
      }
      github.deleteRunner(scope, runner.id());
      cloud.terminate(List.of(instance.instanceId()));
      removed.incrementAndGet();
    } catch (GitHubException.RunnerBusy busy) {
      busySkipped.incrementAndGet();
    } catch (CloudException | GitHubException e) {
      LOG.debug("scale-down could not remove {}: {}", instance.instanceId(), e.getMessage());
    }
  }
}
