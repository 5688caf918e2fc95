package dev.ec2runner.operator.testsupport;

import dev.ec2runner.testkit.kube.TestCluster;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.OperatorRuntime;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A cluster and its outside world that outlive the operator: the real API server (a namespace of the test's own),
 * the fake cloud, the in-memory GitHub, the clock and the simulated runner agents stay, while operator processes come and
 * go. Each process has its own Kubernetes client and reaches the cloud and GitHub through a {@link CallGate}, where
 * tests add faults (a broken account) and a {@link ProcessKill} stops it at a chosen step. Observation runs every
 * 150 ms of real time.
 */
public final class OperatorWorld implements AutoCloseable {

  public static final Duration OBSERVE_INTERVAL = Duration.ofMillis(150);

  /** One operator process. */
  private record Process(KubernetesClient client, OperatorRuntime runtime, ProcessKill kill,
      PrometheusMeterRegistry registry) {
  }

  private final TestCluster cluster;
  private final MutableClock clock = new MutableClock(OperatorTestHarness.START);
  private final FakeRunnerCloud cloud = new FakeRunnerCloud(clock);
  private final InMemoryGitHub gitHub = new InMemoryGitHub();
  private final List<CallGate.Rule> faults = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService agents;
  private final UnaryOperator<OperatorConfig> adjust;
  private volatile Process process;
  private final Set<String> booted = ConcurrentHashMap.newKeySet();
  private volatile boolean autoBoot = true;

  private OperatorWorld(UnaryOperator<OperatorConfig> adjust) {
    this.adjust = adjust;
    cluster = TestCluster.create("t");
    agents = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "simulated-runner-agents");
      thread.setDaemon(true);
      return thread;
    });
    agents.scheduleWithFixedDelay(this::bootInstances, 50, 50, TimeUnit.MILLISECONDS);
  }

  /** A world without an operator yet: add faults, then {@link #startOperator()}. */
  public static OperatorWorld create() {
    return new OperatorWorld(UnaryOperator.identity());
  }

  public static OperatorWorld create(UnaryOperator<OperatorConfig> adjust) {
    return new OperatorWorld(adjust);
  }

  /** The configuration of every process: as the test harness's (150 ms observation, 200 ms error retry). */
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
    List<CallGate.Rule> rules = new CopyOnWriteArrayList<>(faults);
    rules.add(kill);
    CallGate gate = new CallGate(rules);
    KubernetesClient client = cluster.newClient(kill.kubernetesInterceptor());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorRuntime runtime = new OperatorRuntime(client, adjust.apply(testConfig()), new OperatorComponents(
        gate.wrap(RunnerCloud.class, cloud), gate.wrap(GitHubClients.class, gitHub), clock), registry);
    runtime.start();
    process = new Process(client, runtime, kill, registry);
    return this;
  }

  /** Adds a fault for every operator process started from now on. */
  public OperatorWorld fault(CallGate.Rule rule) {
    faults.add(rule);
    return this;
  }

  /** Arms the running process's kill at a step. */
  public void killAt(ProcessKill.At at) {
    process.kill().at(at);
  }

  /**
   * Waits until the running process died at its armed step, then tears down what is left of it (its informers and
   * client), as the kubelet would.
   */
  public String awaitKilled() throws InterruptedException {
    Process dying = process;
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

  /**
   * What the bootstrap script on each running instance does: once its configuration arrives it reads it (deleting
   * it) and runs the runner once. A configuration whose registration is gone cannot start a runner, and the
   * instance then shuts itself down. A configuration written later for the same instance is never read.
   */
  private void bootInstances() {
    if (!autoBoot) {
      return;
    }
    for (CloudInstance instance : cloud.running()) {
      if (!booted.contains(instance.instanceId())) {
        cloud.takeRunnerConfig(instance.namespace(), instance.pool(), instance.instanceId()).ifPresent(config -> {
          booted.add(instance.instanceId());
          if (!gitHub.startRunner(config)) {
            cloud.shutDownFromInside(instance.instanceId());
          }
        });
      }
    }
  }

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

  public FakeRunnerCloud cloud() {
    return cloud;
  }

  public InMemoryGitHub gitHub() {
    return gitHub;
  }

  /** The running process's metrics. */
  public PrometheusMeterRegistry registry() {
    return process.registry();
  }

  public RunnerPool pool(String namespace, String name) {
    return client().resources(RunnerPool.class).inNamespace(namespace).withName(name).get();
  }

  public List<Condition> conditions(String namespace, String name) {
    RunnerPool pool = pool(namespace, name);
    return pool == null || pool.getStatus() == null || pool.getStatus().getConditions() == null
        ? List.of() : pool.getStatus().getConditions();
  }

  public List<Runner> runners(String namespace, String pool) {
    return client().resources(Runner.class).inNamespace(namespace).withLabel(ApiGroup.POOL_LABEL, pool).list()
        .getItems();
  }

  public List<WorkflowJob> jobs(String namespace) {
    return client().resources(WorkflowJob.class).inNamespace(namespace).list().getItems();
  }

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
