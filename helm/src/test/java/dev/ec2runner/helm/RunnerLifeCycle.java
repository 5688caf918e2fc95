package dev.ec2runner.helm;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.HousekeepingPass;
import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.OperatorRuntime;
import dev.ec2runner.operator.WatchedNamespaces;
import dev.ec2runner.operator.bootstrap.fake.AgentSettings;
import dev.ec2runner.operator.bootstrap.fake.JobRuntimes;
import dev.ec2runner.operator.bootstrap.fake.RunnerAgents;
import dev.ec2runner.operator.cloud.aws.AwsHousekeeping;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.receiver.ConfigException;
import dev.ec2runner.receiver.ReceiverConfig;
import dev.ec2runner.receiver.ReceiverMain;
import dev.ec2runner.receiver.kube.BoundedClientConfig;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One runner's whole life per pool namespace, with the operator (leader election as the chart sets it) and the
 * receiver running in-process as the release's ServiceAccounts on a real API server, the cloud and GitHub in memory:
 * an administrator creates a pool and its App Secret, the receiver takes a signed queued webhook, the operator launches
 * a runner that comes online idle, a job makes it busy, the job ends, the Runner is deleted, the pool is deleted. One
 * housekeeping pass lists the pools as the operator. Every request of both passes a {@link ForbiddenRequests}
 * recorder; the run stops at the first refusal and reports it, so missing grants show as a non-empty list.
 */
final class RunnerLifeCycle {

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  private static final String POOL = "builds";

  /** What a run saw: the refused requests and the steps it completed (all of them unless something was refused). */
  record Outcome(List<String> forbidden, List<String> steps) {
  }

  /** Ends a run at the first refused request. */
  private static final class Refused extends RuntimeException {
    Refused(String step) {
      super("refused during: " + step, null, false, false);
    }
  }

  private final KubeApiServer server;
  private final ChartInstall release;
  private final List<String> namespaces;
  private final ForbiddenRequests forbidden = new ForbiddenRequests();
  private final List<String> steps = new ArrayList<>();
  private final FakeRunnerCloud cloud = new FakeRunnerCloud(Clock.systemUTC());
  private final FakeGitHub gitHub = FakeGitHub.openWorld(Clock.systemUTC());
  private final Deque<AutoCloseable> stops = new ArrayDeque<>();
  /** The operator's settings from the chart's Deployment. */
  private final OperatorConfig chart;

  private RunnerLifeCycle(KubeApiServer server, ChartInstall release, List<String> poolNamespaces) {
    this.server = server;
    this.release = release;
    this.namespaces = poolNamespaces;
    this.chart = OperatorConfig.fromEnvironment(release.operatorEnvironment());
  }

  /** Runs the life cycle with a pool in each namespace; a timed-out step (with nothing refused) throws. */
  static Outcome run(KubeApiServer server, ChartInstall release, List<String> poolNamespaces) {
    RunnerLifeCycle run = new RunnerLifeCycle(server, release, poolNamespaces);
    try {
      run.live();
    } catch (Refused stopped) {
      // The refused requests are the outcome.
    } finally {
      run.stop();
    }
    return new Outcome(run.forbidden.all(), List.copyOf(run.steps));
  }

  private void live() {
    KubernetesClient operator = startOperator();
    GitHubDeliveries github = startReceiver();
    startRunnerAgents();
    for (String ns : namespaces) {
      admin().resource(TestResources.appSecret(ns)).create();
      admin().resource(pool(ns)).create();
    }
    housekeeping(operator);
    for (String ns : namespaces) {
      String expected = ns + "/" + WorkflowJob.nameFor(jobId(ns));
      // Until the receiver's cache holds the pool it answers 200 (no pool serves the job); GitHub would redeliver.
      step("queued job written to " + expected,
          () -> expected.equals(github.queued(jobId(ns), labels(ns)).workflowJob()));
    }
    for (String ns : namespaces) {
      step("runner idle in " + ns, () -> runner(ns, "Idle") != null);
    }
    for (String ns : namespaces) {
      String name = runner(ns, "Idle").getMetadata().getName();
      gitHub.setBusy(name, true);
      step("in_progress delivered in " + ns, () -> github.inProgress(jobId(ns), labels(ns), name).status() == 202);
      step("runner busy with its job in " + ns, () -> {
        Runner busy = runner(ns, "Busy");
        return busy != null && Objects.equals(busy.getStatus().getJob().getJobId(), jobId(ns));
      });
    }
    for (String ns : namespaces) {
      Runner runner = runner(ns, "Busy");
      String name = runner.getMetadata().getName();
      // An ephemeral runner's end: GitHub drops its registration, the instance powers off, the completion arrives.
      gitHub.setBusy(name, false);
      gitHub.removeRunner(name);
      cloud.shutDownFromInside(runner.getStatus().getInstanceId());
      step("completed delivered in " + ns, () -> github.completed(jobId(ns), labels(ns), name).status() == 202);
      step("runner deleted in " + ns, () -> runners(ns).isEmpty()
          && "completed".equals(job(ns).getSpec().getState()));
    }
    for (String ns : namespaces) {
      admin().resources(RunnerPool.class).inNamespace(ns).withName(POOL).delete();
      step("pool deleted in " + ns, () -> admin().resources(RunnerPool.class).inNamespace(ns).withName(POOL)
          .get() == null);
    }
  }

  /** The operator as the chart configures it (namespaces, leader election, Lease namespace), at test speed. */
  private KubernetesClient startOperator() {
    OperatorConfig config = new OperatorConfig(chart.watchNamespaces(), chart.leaderElection(), chart.podNamespace(),
        0, Duration.ofMillis(150), Duration.ofHours(1), Duration.ZERO, Duration.ofMinutes(3), Duration.ofSeconds(30),
        Duration.ofMinutes(5), Duration.ofMillis(200)).withAllowedScopes(chart.allowedScopes());
    KubernetesClient client = track(forbidden.client(
        server.serviceAccountConfig(release.namespace(), release.operatorServiceAccount())));
    OperatorRuntime runtime = new OperatorRuntime(client, config,
        new OperatorComponents(cloud, gitHub, Clock.systemUTC()), new SimpleMeterRegistry());
    runtime.start();
    stops.push(runtime);
    // The chart turns leader election on: the runtime leads only once it holds the Lease in the release namespace.
    step("operator ready and leading", () -> runtime.isReady() && leaseHolder() != null);
    return client;
  }

  private String leaseHolder() {
    Lease lease = admin().resources(Lease.class).inNamespace(release.namespace()).withName(OperatorConfig.LEASE_NAME)
        .get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** The receiver with the chart's arguments, on a loopback port, with a webhook secret file of its own. */
  private GitHubDeliveries startReceiver() {
    String secret = UUID.randomUUID().toString();
    Path secretFile = secretFile(secret);
    List<String> args = new ArrayList<>(List.of("--host=127.0.0.1"));
    for (String arg : release.receiverArguments()) {
      args.add(arg.startsWith("--port=") ? "--port=0"
          : arg.startsWith("--secret-file=") ? "--secret-file=" + secretFile : arg);
    }
    ReceiverConfig config;
    try {
      config = ReceiverConfig.parse(args.toArray(String[]::new), Map.of("POD_NAMESPACE", release.namespace()));
    } catch (ConfigException e) {
      throw new IllegalStateException("the chart's receiver arguments " + args + ": " + e.getMessage(), e);
    }
    KubernetesClient client = track(forbidden.client(BoundedClientConfig.of(
        server.serviceAccountConfig(release.namespace(), release.receiverServiceAccount()))));
    ReceiverMain.Receiver receiver = ReceiverMain.Receiver.start(config, client);
    stops.push(receiver);
    GitHubDeliveries github = new GitHubDeliveries(receiver.server().port(), secret);
    step("receiver ready", github::ready);
    return github;
  }

  private Path secretFile(String secret) {
    try {
      Path file = Files.createTempFile("webhook-secret", "");
      stops.push(() -> Files.deleteIfExists(file));
      return Files.writeString(file, secret + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the bootstrap script does on each instance: reads its runner configuration once and starts the runner. */
  /** The runner agents of the fake cloud's instances, as the operator's tests run them (the test plays the jobs). */
  private void startRunnerAgents() {
    AgentSettings settings = AgentSettings.playedByTests();
    RunnerAgents runnerAgents = new RunnerAgents(cloud, gitHub.github(), Clock.systemUTC(), JobRuntimes.NONE,
        settings);
    ScheduledExecutorService agents = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "runner-agents");
      thread.setDaemon(true);
      return thread;
    });
    long tick = settings.tick().toMillis();
    agents.scheduleWithFixedDelay(() -> {
      try {
        runnerAgents.tick();
      } catch (RuntimeException notYet) {
        // The next round tries again, as a bootstrap script polls; a failure must not end the agents.
      }
    }, tick, tick, TimeUnit.MILLISECONDS);
    stops.push(agents::shutdownNow);
  }

  /** One housekeeping pass as the operator, with an upkeep that only records the pools (the AWS part is not here). */
  private void housekeeping(KubernetesClient operator) {
    List<String> expected = namespaces.stream().map(ns -> ns + "/" + POOL).toList();
    step("housekeeping lists the pools", () -> {
      List<String> listed = new ArrayList<>();
      new HousekeepingPass(operator, new WatchedNamespaces(chart.watchNamespaces()), pools -> {
        pools.forEach(p -> listed.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
        return new AwsHousekeeping.Outcome(List.of(), List.of(), List.of());
      }).runOnce();
      return listed.containsAll(expected);
    });
  }

  private void step(String name, Callable<Boolean> done) {
    Awaitility.await(name).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> forbidden.any() || done.call());
    if (forbidden.any()) {
      throw new Refused(name);
    }
    steps.add(name);
  }

  private static RunnerPool pool(String namespace) {
    RunnerPool pool = TestResources.pool(namespace, POOL, 3);
    pool.getSpec().getGithub().withOrganization(null).withRepository(GitHubDeliveries.REPOSITORY)
        .withLabels(List.of(label(namespace)));
    return pool;
  }

  /** Each namespace's pool has a label of its own, so that each job goes to the pool of its namespace. */
  private static String label(String namespace) {
    return "lane-" + namespace;
  }

  private static List<String> labels(String namespace) {
    return List.of("self-hosted", label(namespace));
  }

  private long jobId(String namespace) {
    return 1000 + namespaces.indexOf(namespace);
  }

  private List<Runner> runners(String namespace) {
    return admin().resources(Runner.class).inNamespace(namespace).withLabel(ApiGroup.POOL_LABEL, POOL).list()
        .getItems();
  }

  /** The pool's only Runner when it is in the phase, else null. */
  private Runner runner(String namespace, String phase) {
    List<Runner> runners = runners(namespace);
    return runners.size() == 1 && runners.get(0).getStatus() != null
        && phase.equals(runners.get(0).getStatus().getPhase()) ? runners.get(0) : null;
  }

  private WorkflowJob job(String namespace) {
    return admin().resources(WorkflowJob.class).inNamespace(namespace).withName(WorkflowJob.nameFor(jobId(namespace)))
        .get();
  }

  private KubernetesClient admin() {
    return server.adminClient();
  }

  private KubernetesClient track(KubernetesClient client) {
    stops.push(client::close);
    return client;
  }

  /** Stops what was started, last first: the receiver and operator before their clients. */
  private void stop() {
    while (!stops.isEmpty()) {
      try {
        stops.pop().close();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the life cycle's processes", e);
      }
    }
  }
}
