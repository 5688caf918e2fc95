package dev.ec2runner.operator.testsupport;

import dev.ec2runner.testkit.kube.TestCluster;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.OperatorRuntime;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.github.GitHubClients;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A whole operator under test: a namespace of its own on the real API server with the CRDs, the real JOSDK operator
 * with both controllers, the fake cloud, the in-memory GitHub (or another, such as the simulated one over
 * HTTP), a hand-moved clock, and simulated runner agents that bring each instance's runner online when its
 * configuration arrives (switchable). Observation runs every 150 ms of real time.
 */
public final class OperatorTestHarness implements AutoCloseable {

  public static final Instant START = Instant.parse("2025-06-02T10:00:00Z");
  public static final Duration OBSERVE_INTERVAL = Duration.ofMillis(150);

  /**
   * The GitHub the operator talks to, and what a runner agent does with its configuration (start the runner).
   *
   * @param startRunner false when the configuration is unknown or was used already
   */
  public record GitHubSide(GitHubClients clients, Predicate<Sensitive> startRunner) {
  }

  private final TestCluster cluster;
  private final MutableClock clock;
  private final FakeRunnerCloud cloud;
  private final InMemoryGitHub gitHub;
  private final Predicate<Sensitive> startRunner;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OperatorRuntime runtime;
  private final ScheduledExecutorService agents;
  private volatile boolean autoBoot = true;

  private OperatorTestHarness(BiFunction<OperatorConfig, String, OperatorConfig> adjust, MutableClock clock,
      GitHubSide side, Runnable housekeeping) {
    this.clock = clock;
    this.cloud = new FakeRunnerCloud(clock);
    this.gitHub = new InMemoryGitHub(clock);
    GitHubSide github = side == null ? new GitHubSide(gitHub, gitHub::startRunner) : side;
    this.startRunner = github.startRunner();
    cluster = TestCluster.create("t");
    OperatorConfig config = adjust.apply(new OperatorConfig(java.util.Set.of(), false, null, 0, OBSERVE_INTERVAL,
        Duration.ofHours(1), Duration.ZERO, Duration.ofMinutes(3), Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofMillis(200)), cluster.namespace());
    runtime = new OperatorRuntime(cluster.client(), config,
        new OperatorComponents(cloud, github.clients(), clock, housekeeping), registry);
    runtime.start();
    agents = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "simulated-runner-agents");
      thread.setDaemon(true);
      return thread;
    });
    agents.scheduleWithFixedDelay(this::bootInstances, 50, 50, TimeUnit.MILLISECONDS);
  }

  public static OperatorTestHarness start() {
    return start(UnaryOperator.identity());
  }

  public static OperatorTestHarness start(UnaryOperator<OperatorConfig> adjust) {
    return start((config, namespace) -> adjust.apply(config));
  }

  /** An operator whose configuration names the test's namespace (given second), e.g. to watch only that one. */
  public static OperatorTestHarness start(BiFunction<OperatorConfig, String, OperatorConfig> adjust) {
    return new OperatorTestHarness(adjust, new MutableClock(START), null, () -> { });
  }

  /** As {@link #start(BiFunction)}, with this pass as the operator's periodic housekeeping. */
  public static OperatorTestHarness start(BiFunction<OperatorConfig, String, OperatorConfig> adjust,
      Runnable housekeeping) {
    return new OperatorTestHarness(adjust, new MutableClock(START), null, housekeeping);
  }

  /** An operator talking to another GitHub on the given clock (which that GitHub should share). */
  public static OperatorTestHarness start(UnaryOperator<OperatorConfig> adjust, MutableClock clock,
      GitHubSide gitHub) {
    return new OperatorTestHarness((config, namespace) -> adjust.apply(config), clock, gitHub, () -> { });
  }

  /** Each running instance whose configuration arrived reads it (deleting it) and starts its runner. */
  private void bootInstances() {
    if (!autoBoot) {
      return;
    }
    for (CloudInstance instance : cloud.running()) {
      try {
        cloud.takeRunnerConfig(instance.namespace(), instance.pool(), instance.instanceId()).ifPresent(startRunner::test);
      } catch (RuntimeException refused) {
        // A configuration GitHub no longer accepts: the runner never starts, as on a real instance.
      }
    }
  }

  public void autoBoot(boolean on) {
    autoBoot = on;
  }

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

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public OperatorRuntime runtime() {
    return runtime;
  }

  public RunnerPool createPool(RunnerPool pool) {
    return client().resource(pool).create();
  }

  public RunnerPool pool(String namespace, String name) {
    return client().resources(RunnerPool.class).inNamespace(namespace).withName(name).get();
  }

  /** The pool's conditions, empty before its first status. */
  public List<io.fabric8.kubernetes.api.model.Condition> conditions(String namespace, String name) {
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

  /** Changes a WorkflowJob's spec as the webhook receiver would. */
  public void updateJob(String namespace, String name, UnaryOperator<WorkflowJob> change) {
    TestResources.edit(client().resources(WorkflowJob.class).inNamespace(namespace).withName(name), change);
  }

  public List<Event> events(String namespace, String reason) {
    return client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  public double counter(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    agents.shutdownNow();
    runtime.close();
    cluster.close();
  }
}
