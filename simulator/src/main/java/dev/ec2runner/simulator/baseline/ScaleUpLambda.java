package dev.ec2runner.simulator.baseline;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.fake.RunnerConfigText;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-up Lambda. Visible messages arrive in batches; the batches of one poll run concurrently, so each batch
 * counts the pool's pending and running instances before any of them launched, and every event of a batch is
 * checked against that same count: one instance per event while the count is under the maximum. That is how the
 * original design exceeds its cap under a burst. Each launch gets a runner configuration in SSM: a JIT config
 * (ephemeral) or {@code config.sh} arguments with a registration token (reused runners), named after the instance.
 */
final class ScaleUpLambda {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleUpLambda.class);

  private final RunnerCloud cloud;
  private final AppGitHubRunners github;
  private final JobEventQueue queue;
  private final BaselineSettings settings;
  private final Clock clock;
  private final Map<String, Long> groupIds = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  final AtomicLong launches = new AtomicLong();
  final AtomicLong skippedAtMaximum = new AtomicLong();
  final AtomicLong skippedNotQueued = new AtomicLong();
  final AtomicLong failures = new AtomicLong();

  ScaleUpLambda(RunnerCloud cloud, AppGitHubRunners github, JobEventQueue queue, BaselineSettings settings,
      Clock clock) {
    this.cloud = cloud;
    this.github = github;
    this.queue = queue;
    this.settings = settings;
    this.clock = clock;
  }

  /** One poll of the event source: every visible message, in concurrent batches per pool. */
  void poll() {
    List<QueuedEvent> visible = queue.receiveVisible(clock.instant());
    Map<String, List<List<QueuedEvent>>> batchesByPool = new LinkedHashMap<>();
    for (QueuedEvent event : visible) {
      List<List<QueuedEvent>> batches = batchesByPool.computeIfAbsent(BaselinePools.name(event.pool()),
          pool -> new ArrayList<>());
      if (batches.isEmpty() || batches.get(batches.size() - 1).size() >= settings.batchSize()) {
        batches.add(new ArrayList<>());
      }
      batches.get(batches.size() - 1).add(event);
    }
    List<Runnable> invocations = new ArrayList<>();
    for (List<List<QueuedEvent>> batches : batchesByPool.values()) {
      for (List<QueuedEvent> batch : batches) {
        // Concurrent invocations: every batch counts before any of them launches.
        Optional<Integer> count = countRunners(batch.get(0).pool());
        invocations.add(() -> count.ifPresentOrElse(c -> batch.forEach(event -> handle(event, c)),
            () -> batch.forEach(this::retryLater)));
      }
    }
    invocations.forEach(Runnable::run);
  }

  private Optional<Integer> countRunners(RunnerPool pool) {
    try {
      int count = 0;
      for (CloudInstance instance : cloud.listInstances()) {
        if (BaselinePools.name(pool).equals(instance.pool()) && !instance.state().isGone()) {
          count++;
        }
      }
      return Optional.of(count);
    } catch (CloudException e) {
      LOG.debug("scale-up could not count the runners of {}: {}", BaselinePools.name(pool), e.getMessage());
      return Optional.empty();
    }
  }

  private void handle(QueuedEvent event, int currentRunners) {
    RunnerPool pool = event.pool();
    try {
      if (settings.jobQueuedCheck()) {
        Optional<JobStatus> status = github.jobStatus(event.repository(), event.jobId());
        if (status.isEmpty() || !JobState.QUEUED.is(status.get().status())) {
          skippedNotQueued.incrementAndGet();
          return;
        }
      }
      if (currentRunners >= BaselinePools.maxRunners(pool)) {
        skippedAtMaximum.incrementAndGet();
        return;
      }
      LaunchedInstance instance = cloud.launch(new LaunchRequest(BaselinePools.namespace(pool),
          BaselinePools.name(pool), BaselinePools.name(pool) + "-" + sequence.incrementAndGet(),
          UUID.randomUUID().toString(), BaselinePools.capacityType(pool), pool.getSpec(), Set.of()));
      launches.incrementAndGet();
      cloud.handOffRunnerConfig(new RunnerConfigKey(BaselinePools.namespace(pool), BaselinePools.name(pool),
          instance.instanceId()), runnerConfig(pool, instance.instanceId()));
    } catch (CloudException | GitHubException e) {
      LOG.debug("scale-up failed for job {}: {}", event.jobId(), e.getMessage());
      retryLater(event);
    }
  }

  private Sensitive runnerConfig(RunnerPool pool, String instanceId) throws GitHubException {
    PoolScope scope = BaselinePools.scope(pool);
    List<String> labels = BaselinePools.runnerLabels(pool);
    if (settings.ephemeral()) {
      JitConfig jit = github.createJitConfig(scope, new JitConfigRequest(instanceId, groupId(pool), labels, null));
      return jit.encodedConfig();
    }
    String token = github.registrationToken(scope).token().reveal();
    return Sensitive.of(RunnerConfigText.registration(scope, token, instanceId, labels, false));
  }

  private long groupId(RunnerPool pool) throws GitHubException {
    Long cached = groupIds.get(BaselinePools.name(pool));
    if (cached != null) {
      return cached;
    }
    long id = github.runnerGroupId(BaselinePools.scope(pool), pool.getSpec().getGithub().getRunnerGroup());
    groupIds.put(BaselinePools.name(pool), id);
    return id;
  }

  private void retryLater(QueuedEvent event) {
    failures.incrementAndGet();
    Instant now = clock.instant();
    queue.send(event, now.plus(settings.retryAfter()));
  }
}
