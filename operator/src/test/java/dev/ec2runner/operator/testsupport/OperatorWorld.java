package dev.ec2runner.operator.testsupport;

import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.OperatorRuntime;
import dev.ec2runner.operator.bootstrap.fake.AgentSettings;
import dev.ec2runner.operator.bootstrap.fake.JobRuntimes;
import dev.ec2runner.operator.bootstrap.fake.RunnerAgents;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.testkit.kube.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A cluster and its outside world for operator tests: a namespace of the test's own on the real API server (with the
 * App Secret unless left out), a hand-moved clock, the cloud (the fake one unless another is given), GitHub (the
 * fake GitHub's open world unless another is given) and the runner agents doing what each instance's bootstrap and
 * runner do ({@link AgentSettings#playedByTests()}: a runner starts as soon as its configuration is there, and the
 * test plays its jobs and its end). Operator processes come and go over it: most tests run one from start to end,
 * crash and restart tests start, kill and restart them. Each process has its own Kubernetes client and reaches the
 * cloud and GitHub through a {@link CallGate}, where the world's faults (a broken account) and a {@link ProcessKill}
 * apply. Observation runs every 150 ms of real time. Built by {@link WorldBuilder}; {@link OperatorExtension} builds
 * one per test.
 */
public final class OperatorWorld implements AutoCloseable {

  public static final Instant START = Instant.parse("2025-06-02T10:00:00Z");
  public static final Duration OBSERVE_INTERVAL = Duration.ofMillis(150);

  /** One operator process. */
  private record Process(KubernetesClient client, OperatorRuntime runtime, ProcessKill kill,
      PrometheusMeterRegistry registry) {
  }

  private final WorldBuilder options;
  private final TestCluster cluster;
  private final MutableClock clock;
  private final FakeRunnerCloud cloud;
  private final FakeGitHub gitHub;
  private final WorldBuilder.GitHubSide gitHubSide;
  private final ScheduledExecutorService agents;
  private volatile Process process;
  private volatile boolean autoBoot;

  OperatorWorld(WorldBuilder options, MutableClock clock) {
    this.options = options;
    this.clock = clock;
    this.cloud = new FakeRunnerCloud(clock);
    this.gitHub = FakeGitHub.openWorld(clock);
    this.gitHubSide = options.gitHubSide() == null ? new WorldBuilder.GitHubSide(gitHub, gitHub.github())
        : options.gitHubSide();
    this.autoBoot = options.autoBoot();
    cluster = TestCluster.create("t");
    agents = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "runner-agents");
      thread.setDaemon(true);
      return thread;
    });
    AgentSettings settings = AgentSettings.playedByTests();
    Runnable bootstrap = options.cloudSide() == null
        ? new RunnerAgents(cloud, gitHubSide.runners(), clock, JobRuntimes.NONE, settings)::tick
        : options.cloudSide().bootstrap();
    long tick = settings.tick().toMillis();
    agents.scheduleWithFixedDelay(() -> {
      try {
        if (autoBoot) {
          bootstrap.run();
        }
      } catch (RuntimeException notYet) {
        // The next round tries again, as a bootstrap script polls; a failure must not end the agents.
      }
    }, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** A world of the default options: the fake cloud, the fake GitHub's open world, one operator process. */
  public static WorldBuilder builder() {
    return new WorldBuilder();
  }

  /** The configuration of every process before the world's adjustment: 150 ms observation, 200 ms error retry. */
  public static OperatorConfig testConfig() {
    return new OperatorConfig(Set.of(), false, null, 0, OBSERVE_INTERVAL, Duration.ofHours(1), Duration.ZERO,
        Duration.ofMinutes(3), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(200));
  }

  /** Starts a fresh operator process against the same API server, cloud and GitHub. */
  public OperatorWorld startOperator() {
    if (process != null) {
      throw new IllegalStateException("an operator process is running; kill or stop it first");
    }
    ProcessKill kill = new ProcessKill();
    List<CallGate.Rule> rules = new ArrayList<>(options.faults());
    rules.add(kill);
    CallGate gate = new CallGate(rules);
    KubernetesClient client = cluster.newClient(kill.kubernetesInterceptor());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RunnerCloud processCloud = options.cloudSide() == null ? cloud : options.cloudSide().perProcess().get();
    OperatorRuntime runtime = new OperatorRuntime(client, options.config().apply(testConfig(), namespace()),
        new OperatorComponents(gate.wrap(RunnerCloud.class, processCloud),
            gate.wrap(GitHubClients.class, gitHubSide.clients()), clock, options.housekeeping()), registry);
    runtime.start();
    process = new Process(client, runtime, kill, registry);
    return this;
  }

  /** Arms the running process's kill at a step. */
  public void killAt(ProcessKill.At at) {
    running().kill().at(at);
  }

  /**
   * Waits until the running process died at its armed step, then tears down what is left of it (its informers and
   * client), as the kubelet would.
   */
  public String awaitKilled() throws InterruptedException {
    Process dying = running();
    if (!dying.kill().awaitKill(60)) {
      throw new AssertionError("the operator never reached the step it was to be killed at");
    }
    stopOperator();
    return dying.kill().where();
  }

  /** Stops the running process (a clean stop, or the rest of a killed one). */
  public void stopOperator() {
    Process stopping = process;
    process = null;
    if (stopping != null) {
      stopping.runtime().close();
      stopping.client().close();
    }
  }

  private Process running() {
    Process current = process;
    if (current == null) {
      throw new IllegalStateException("no operator process is running");
    }
    return current;
  }

  /** Stops (or resumes) the runner agents: instances launched meanwhile do not boot until resumed. */
  public void autoBoot(boolean on) {
    autoBoot = on;
  }

  /** The tests' own client (an administrator's kubectl), independent of operator processes. */
  public KubernetesClient client() {
    return cluster.client();
  }

  /** The test's own namespace on the shared API server. */
  public String namespace() {
    return cluster.namespace();
  }

  /** Another namespace for the test, cleaned up with the first. */
  public String createNamespace(String prefix) {
    return cluster.createNamespace(prefix);
  }

  public TestCluster cluster() {
    return cluster;
  }

  public MutableClock clock() {
    return clock;
  }

  /** The fake cloud; a world on another cloud ({@link WorldBuilder#cloud}) has none. */
  public FakeRunnerCloud cloud() {
    if (options.cloudSide() != null) {
      throw new IllegalStateException("this world's operator runs on another cloud than the fake");
    }
    return cloud;
  }

  /** The fake GitHub's open world; a world on another GitHub ({@link WorldBuilder#gitHub}) has none. */
  public FakeGitHub gitHub() {
    if (options.gitHubSide() != null) {
      throw new IllegalStateException("this world's operator talks to another GitHub than the fake one");
    }
    return gitHub;
  }

  /** The running process. */
  public OperatorRuntime runtime() {
    return running().runtime();
  }

  /** The running process's metrics. */
  public PrometheusMeterRegistry registry() {
    return running().registry();
  }

  public double counter(String name, String... tags) {
    var counter = registry().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  public RunnerPool createPool(RunnerPool pool) {
    return client().resource(pool).create();
  }

  public RunnerPool pool(String namespace, String name) {
    return client().resources(RunnerPool.class).inNamespace(namespace).withName(name).get();
  }

  /** The pool's conditions, empty before its first status. */
  public List<Condition> conditions(String namespace, String name) {
    RunnerPool pool = pool(namespace, name);
    return pool == null || pool.getStatus() == null || pool.getStatus().getConditions() == null
        ? List.of() : pool.getStatus().getConditions();
  }

  public List<Runner> runners(String namespace, String pool) {
    return client().resources(Runner.class).inNamespace(namespace).withLabel(ApiGroup.POOL_LABEL, pool).list()
        .getItems();
  }

  public WorkflowJob job(String namespace, String name) {
    return client().resources(WorkflowJob.class).inNamespace(namespace).withName(name).get();
  }

  public List<WorkflowJob> jobs(String namespace) {
    return client().resources(WorkflowJob.class).inNamespace(namespace).list().getItems();
  }

  /** Changes a WorkflowJob's spec as the webhook receiver would. */
  public void updateJob(String namespace, String name, UnaryOperator<WorkflowJob> change) {
    TestResources.edit(client().resources(WorkflowJob.class).inNamespace(namespace).withName(name), change);
  }

  public List<Event> events(String namespace) {
    return client().v1().events().inNamespace(namespace).list().getItems();
  }

  public List<Event> events(String namespace, String reason) {
    return events(namespace).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  @Override
  public void close() {
    agents.shutdownNow();
    stopOperator();
    cluster.close();
  }
}
