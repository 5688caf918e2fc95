package dev.ec2runner.simulator.bench;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.simulator.sandbox.ApiRequests;
import dev.ec2runner.simulator.sandbox.OperatorUnderWay;
import dev.ec2runner.simulator.sandbox.SandboxOptions;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Benchmark 4, scale: many pools each holding a fleet of idle runners ({@code spec.replicas} as a floor, spread
 * over several organizations), in real time. Once every runner is registered and idle on GitHub, every Runner
 * shows {@code Idle} in its status, and after a settling minute, it measures one steady-state window: the API calls to EC2, SSM, GitHub and Kubernetes (the API server's
 * own counts) per minute, and the CPU time of the operator's threads, of the rest of the JVM and of the API server's
 * processes. Then it reads the heap after a full GC, stops the operator alone, and reads it again: the difference is
 * the heap the operator retained (the simulated GitHub and EC2 and the receiver share its JVM). A last window with
 * the operator stopped gives the CPU the rest costs without it.
 *
 * <p>Each organization has GitHub's budget of 5,000 calls an hour, as an installation of its own would.
 *
 * <p>{@code RAMP_LIMIT_MINUTES} bounds the ramp-up on a machine too small for the fleet asked for: past it the run
 * stops, says how far it got (runners idle, instances running) and exits with 1. With {@code JFR_FILE} the operator
 * is also profiled for one minute after the window (JDK Flight Recorder, settings {@code profile}).
 *
 * <pre>java -Xmx3g -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.ScaleBenchmark
 *     [POOLS] [RUNNERS_PER_POOL] [ORGANIZATIONS] [WINDOW_MINUTES] [RAMP_LIMIT_MINUTES] [JFR_FILE]</pre>
 */
public final class ScaleBenchmark {

  /**
   * GitHub's hourly REST budget of one App installation. The simulated world installs the App once for all its
   * organizations, where GitHub has an installation per organization, each with this budget: the world's one
   * installation gets the organizations' budgets together, or a fleet above 5,000 runners could not get its JIT
   * configurations within the hour.
   */
  private static final int INSTALLATION_CALLS_PER_HOUR = 5000;
  /** The last pool status writes and the first observations of the whole fleet belong to the ramp-up. */
  private static final Duration SETTLE = Duration.ofMinutes(1);
  /** Each poll lists every Runner: not so often that the polls weigh on the API server. */
  private static final Duration RUNNER_PHASE_POLL = Duration.ofSeconds(5);
  private static final Duration WITHOUT_OPERATOR = Duration.ofMinutes(1);
  private static final Duration PROFILE = Duration.ofMinutes(1);
  private static final long MIB = 1024 * 1024;

  private ScaleBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int pools = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int perPool = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int organizations = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int windowMinutes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Duration rampLimit = args.length > 4 ? Duration.ofMinutes(Long.parseLong(args[4])) : null;
    Path profile = args.length > 5 ? Path.of(args[5]) : null;
    printLoad("start");
    SandboxRun run = SandboxRun.of(scenario(pools, perPool, organizations), SandboxOptions.atSpeed(1)
        .withStrategy(Scenario.Strategy.OPERATOR).withInstrumentation(w -> {
          w.github().rateLimit(INSTALLATION_CALLS_PER_HOUR * organizations);
          return w.cloudApi();
        }));
    long started = System.nanoTime();
    BackgroundRun background = BackgroundRun.start(run);
    int target = pools * perPool;
    while (run.operatorUnderWay().isEmpty() || idleRunners(run, organizations) < target) {
      if (!background.alive()) {
        throw new IllegalStateException("the sandbox stopped before the fleet was up");
      }
      if (rampLimit != null && System.nanoTime() - started > rampLimit.toNanos()) {
        stopUnfinished(run, organizations, target, started, background);
      }
      Thread.sleep(1000);
      System.out.printf(Locale.ROOT, "\r%d of %d runners idle after %ds   ", idleRunners(run, organizations), target,
          (System.nanoTime() - started) / 1_000_000_000L);
    }
    System.out.printf(Locale.ROOT, "%nfleet of %d idle runners up after %.0f s%n", target,
        (System.nanoTime() - started) / 1e9);
    OperatorUnderWay underWay = run.operatorUnderWay().orElseThrow();
    // GitHub shows a runner idle before the operator's next observation moves its Runner to Idle: until every Runner
    // shows it, the ramp-up's status writes are still going on and would be counted as the steady state's.
    long idleRunners;
    while ((idleRunners = underWay.runnersInPhase(RunnerPhase.IDLE.wireName())) < target) {
      if (rampLimit != null && System.nanoTime() - started > rampLimit.toNanos()) {
        stopUnfinished(run, organizations, target, started, background);
      }
      System.out.printf(Locale.ROOT, "\r%d of %d Runners show Idle after %ds   ", idleRunners, target,
          (System.nanoTime() - started) / 1_000_000_000L);
      Thread.sleep(RUNNER_PHASE_POLL.toMillis());
    }
    System.out.printf(Locale.ROOT, "%nevery Runner shows Idle after %.0f s%n", (System.nanoTime() - started) / 1e9);
    Thread.sleep(SETTLE.toMillis());
    System.out.printf(Locale.ROOT, "%d pools x %d runners in %d organizations, steady state over %d minutes%n",
        pools, perPool, organizations, windowMinutes);
    Map<String, Long> before = calls(underWay.world());
    ApiRequests kubernetesBefore = underWay.apiRequests();
    CpuWindow window = CpuWindow.open(OperatorUnderWay::isOperatorThread);
    Thread.sleep(Duration.ofMinutes(windowMinutes).toMillis());
    CpuWindow.Cores cores = window.close();
    printCalls(calls(underWay.world()), before, underWay.apiRequests().since(kubernetesBefore), windowMinutes);
    ScaleFigures.printCores("with the operator", cores);
    if (profile != null) {
      record(profile);
    }
    long withOperator = heapAfterGc();
    underWay.stopOperator();
    long withoutOperator = heapAfterGc();
    System.out.printf(Locale.ROOT, "heap used after GC: %d MiB (whole sandbox JVM), %d MiB with the operator"
        + " stopped: %d MiB retained by the operator; operator threads still alive: %d%n", withOperator / MIB,
        withoutOperator / MIB, (withOperator - withoutOperator) / MIB,
        ScaleFigures.liveThreads(OperatorUnderWay::isOperatorThread));
    // What the API server, its own controllers and the sandbox's other clients cost without the operator.
    Map<String, Long> restBefore = calls(underWay.world());
    ApiRequests restKubernetesBefore = underWay.apiRequests();
    CpuWindow rest = CpuWindow.open(OperatorUnderWay::isOperatorThread);
    Thread.sleep(WITHOUT_OPERATOR.toMillis());
    CpuWindow.Cores restCores = rest.close();
    System.out.println("with the operator stopped:");
    printCalls(calls(underWay.world()), restBefore, underWay.apiRequests().since(restKubernetesBefore),
        (int) WITHOUT_OPERATOR.toMinutes());
    ScaleFigures.printCores("with the operator stopped", restCores);
    background.stop();
    printLoad("end");
    System.exit(0);
  }

  private static void printCalls(Map<String, Long> after, Map<String, Long> before, ApiRequests kubernetes,
      int windowMinutes) {
    long total = 0;
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      if (delta > 0) {
        total += delta;
        System.out.printf(Locale.ROOT, "%10.1f/min  %s%n", delta / (double) windowMinutes, entry.getKey());
      }
    }
    System.out.printf(Locale.ROOT, "%10.1f/min  all EC2, SSM and GitHub calls%n", total / (double) windowMinutes);
    ScaleFigures.printKubernetes(kubernetes, windowMinutes);
  }

  /** Profiles the whole JVM (the operator's threads can be told apart by their thread group) for a minute. */
  private static void record(Path file) throws Exception {
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.start();
      Thread.sleep(PROFILE.toMillis());
      recording.stop();
      recording.dump(file);
    }
    System.out.println("profile of one minute written to " + file);
  }

  /** Heap in use after two full collections (the second frees what the first found only reachable from finalizers). */
  private static long heapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(2000);
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void printLoad(String when) {
    System.out.printf(Locale.ROOT, "load average at %s: %.2f (%s)%n", when,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Instant.now());
  }

  /** Reports how far the ramp-up got within its limit, and stops. */
  private static void stopUnfinished(SandboxRun run, int organizations, int target, long started,
      BackgroundRun background) throws InterruptedException {
    SimulatedWorld world = run.operatorUnderWay().map(OperatorUnderWay::world).orElse(null);
    long idle = idleRunners(run, organizations);
    long running = world == null ? 0 : world.cloud().allInstances().stream().filter(i -> !i.state().isGone())
        .count();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "%nramp-up limit reached after %.0f s: %d of %d runners idle, %d instances"
        + " running; heap used after GC: %d MiB%n", (System.nanoTime() - started) / 1e9, idle, target, running,
        heap / (1024 * 1024));
    background.stop();
    System.exit(1);
  }

  /** Registered runners that are online and idle, across the benchmark's organizations. */
  private static long idleRunners(SandboxRun run, int organizations) {
    SimulatedWorld world = run.operatorUnderWay().map(OperatorUnderWay::world).orElse(null);
    if (world == null) {
      return 0;
    }
    long idle = 0;
    for (int i = 0; i < organizations; i++) {
      idle += world.github().runners(new PoolScope(PoolScope.Level.ORGANIZATION, "org-%02d".formatted(i))).stream()
          .filter(runner -> runner.online() && !runner.busy()).count();
    }
    return idle;
  }

  /** Every call so far, by {@code service action} (GitHub calls with their status). */
  private static Map<String, Long> calls(SimulatedWorld world) {
    Map<String, Long> calls = new TreeMap<>();
    world.cloud().callCounts().forEach((action, count) -> calls.put("aws " + action, count));
    for (ApiCall call : world.github().calls().all()) {
      calls.merge("github " + call.endpoint() + " -> " + call.status(), 1L, Long::sum);
    }
    return calls;
  }

  private static Scenario scenario(int pools, int perPool, int organizations) throws Exception {
    StringBuilder yaml = new StringBuilder("""
        name: scale
        duration: 1h
        bootTime: 40s
        drainTimeout: 1h
        seed: 1
        pools:
        """);
    for (int i = 0; i < pools; i++) {
      yaml.append("""
            - apiVersion: ec2runner.dev/v1alpha1
              kind: RunnerPool
              metadata: {name: pool-%03d, namespace: ci-runners}
              spec:
                replicas: %d
                github: {organization: org-%02d, labels: [pool-%03d], appSecretRef: {name: github-app}}
                ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                      capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
                scaling: {maxRunners: %d}
          """.formatted(i, perPool, i % organizations, i, perPool));
    }
    // One job no pool serves keeps the workload open while the fleet idles at its floors.
    yaml.append("""
        workload:
          - repository: org-00/unserved
            labels: [self-hosted, no-such-pool]
            bursts: [{at: 0s, jobs: 1}]
            jobDuration: {median: 1m, p95: 1m}
        """);
    return ScenarioLoader.parse(yaml.toString(), Path.of("."), "scale");
  }
}
