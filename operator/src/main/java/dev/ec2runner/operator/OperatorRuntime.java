package dev.ec2runner.operator;

import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.gc.GarbageCollector;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.job.WorkflowJobSweep;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.MeteredGitHubInstallation;
import dev.ec2runner.operator.metrics.MeteredRunnerCloud;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.pool.PoolParts;
import dev.ec2runner.operator.pool.RunnerPoolReconciler;
import dev.ec2runner.operator.recovery.WebhookRecovery;
import dev.ec2runner.operator.runner.DeregisterStep;
import dev.ec2runner.operator.runner.LaunchGate;
import dev.ec2runner.operator.runner.LaunchStep;
import dev.ec2runner.operator.runner.RegisterStep;
import dev.ec2runner.operator.runner.RunnerLauncher;
import dev.ec2runner.operator.runner.RunnerPhaseTracker;
import dev.ec2runner.operator.runner.RunnerReconciler;
import dev.ec2runner.operator.runner.RunnerSteps;
import dev.ec2runner.operator.runner.SpecCheckStep;
import dev.ec2runner.operator.runner.TerminateStep;
import dev.ec2runner.operator.runner.TrackStep;
import dev.ec2runner.operator.runner.UnavailableOfferings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: both controllers (each given its assembled parts here: the Runner's lifecycle steps, the
 * pool's checks and scaler), the shared observation, the garbage collector and the webhook recovery,
 * wired by hand from a Kubernetes client, the configuration and the outside-world components. Tests build it with
 * fakes, production with the real adapters. Observation, garbage collection, webhook recovery and the AWS
 * housekeeping run only on the leader.
 */
public final class OperatorRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
  /** How often the leader keeps S3 runner mirrors current and prunes unused launch templates. */
  static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(15);

  private final Operator operator;
  private final Observations observations;
  private final WebhookRecovery webhookRecovery;
  private final OperatorMetrics metrics;
  private final Runnable housekeeping;
  /** Runs {@link #housekeeping} while this process leads; null otherwise. */
  private ScheduledExecutorService housekeepingTimer;
  private final boolean leaderElection;
  private volatile boolean closing;
  /**
   * Set before anything is stopped, when the process stops or loses the lease: from then on the reconcilers act on
   * nothing. A stop lets reconciles already queued run while informers are shut down, and one planning from a cache
   * no longer kept current once created a Runner above the pool's cap.
   */
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final RunnerPoolReconciler pools;

  public OperatorRuntime(KubernetesClient client, OperatorConfig config, OperatorComponents components,
      MeterRegistry registry) {
    Clock clock = components.clock();
    this.metrics = new OperatorMetrics(registry);
    this.leaderElection = config.leaderElection();
    this.housekeeping = components.housekeeping();
    CloudHealth cloudHealth = new CloudHealth(clock);
    RunnerCloud cloud = cloudHealth.guard(new MeteredRunnerCloud(components.cloud(), metrics));
    ScopeRegistry scopes = new ScopeRegistry();
    Duration interval = config.observeInterval();
    this.observations = new Observations(cloud, scopes, clock, interval);
    EventRecorder events = new EventRecorder(client, clock, config.eventQuietPeriod());
    GitHubAccess gitHub = new GitHubAccess(client, components.gitHubClients(),
        c -> new MeteredGitHubInstallation(c, metrics), new GitHubHealth(clock, metrics), clock,
        config.appSecretRefresh(), config.gitHubApiHosts(), config.allowedScopes());
    RunnerGroupResolver groups = new RunnerGroupResolver(clock);
    RunnerLauncher launcher = new RunnerLauncher(cloud,
        new UnavailableOfferings(clock, config.offeringCooldown()), metrics, config.errorRetry());
    RunnerReconciler runners = new RunnerReconciler(new RunnerSteps(new SpecCheckStep(clock, interval),
        new LaunchStep(new LaunchGate(gitHub, groups, cloudHealth), launcher, events, metrics, clock, interval),
        new RegisterStep(gitHub, groups, cloud, cloudHealth, events, clock, interval, config.errorRetry(),
            config.installation()),
        new TrackStep(new RunnerPhaseTracker(config.instanceVisibilityGrace(), interval), events, metrics, clock),
        new DeregisterStep(gitHub, config.installation(), events, clock, interval, config.errorRetry()),
        new TerminateStep(cloud, launcher, events, clock, config.errorRetry())), observations, clock, stopping::get);
    this.pools = new RunnerPoolReconciler(PoolParts.assemble(gitHub, groups, events, metrics, clock,
        config.stillQueuedCheckAfter(), stopping::get), gitHub, cloudHealth, scopes, observations, events, metrics,
        clock, config.completedJobTtl(), stopping::get);
    observations.addListener(new GarbageCollector(client, cloud, scopes, events, metrics, config.watchNamespaces(),
        config.installation()));
    observations.addListener(new WorkflowJobSweep(client, events, clock, config.completedJobTtl(),
        config.maxWorkflowJobsPerNamespace(), config.watchNamespaces()));
    this.webhookRecovery = new WebhookRecovery(gitHub::installations, metrics, clock,
        config.webhookRecoveryInterval());

    this.operator = new Operator(o -> configure(o, client, config, registry));
    operator.register(pools, c -> {
      if (!config.watchNamespaces().isEmpty()) {
        c.settingNamespaces(config.watchNamespaces());
      }
    });
    operator.register(runners, c -> {
      if (!config.watchNamespaces().isEmpty()) {
        c.settingNamespaces(config.watchNamespaces());
      }
    });
  }

  private void configure(ConfigurationServiceOverrider o, KubernetesClient client, OperatorConfig config,
      MeterRegistry registry) {
    // JOSDK's defaults (server-side apply included), the same in production and tests.
    o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).notCollectingMetricsPerResource()
            .build());
    if (config.leaderElection()) {
      o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
          .aLeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
          .withLeaseNamespace(config.podNamespace())
          .withLeaderCallbacks(new LeaderCallbacks(this::startObserving, this::stopLeading,
              leader -> LOG.info("leader elected identity={}", leader)))
          // JOSDK would exit even while we shut down (from inside the shutdown hook, which hangs the JVM).
          .withExitOnStopLeading(false)
          .build());
    }
  }

  private void startObserving() {
    LOG.info("observing every {}", observations.interval());
    observations.start();
    webhookRecovery.start();
    startHousekeeping();
  }

  /**
   * The first pass right away, so that a new leader fills an empty mirror without waiting a whole interval. Standby
   * replicas never run it: two processes mirroring at once would upload the archive twice, and one pruning
   * launch templates by what it last launched with knows nothing (a standby launches nothing).
   */
  private synchronized void startHousekeeping() {
    if (housekeepingTimer == null && !stopping.get()) {
      housekeepingTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "aws-housekeeping");
        thread.setDaemon(true);
        return thread;
      });
      housekeepingTimer.scheduleWithFixedDelay(housekeeping, 0, HOUSEKEEPING_INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void stopHousekeeping() {
    if (housekeepingTimer != null) {
      housekeepingTimer.shutdownNow();
      housekeepingTimer = null;
    }
  }

  /** A lost lease ends the process so that no two replicas reconcile at once; a deliberate stop does not. */
  private void stopLeading() {
    stopping.set(true);
    observations.close();
    webhookRecovery.close();
    stopHousekeeping();
    if (!closing) {
      LOG.error("lost the leader lease; exiting so that the new leader alone reconciles");
      new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
    }
  }

  public void start() {
    operator.start();
    if (!leaderElection) {
      startObserving();
    }
  }

  /** Whether the controllers run and every informer is healthy. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public Observations observations() {
    return observations;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  public WebhookRecovery webhookRecovery() {
    return webhookRecovery;
  }

  @Override
  public void close() {
    closing = true;
    stopping.set(true);
    observations.close();
    webhookRecovery.close();
    stopHousekeeping();
    operator.stop();
    // A stop waits only so long for running reconciles; their Runner creates must land before a successor counts.
    pools.close();
  }
}
