package dev.ec2runner.simulator.bench;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.simulator.github.ApiCall;
import dev.ec2runner.simulator.sandbox.SandboxOptions;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 4, scale: many pools each holding a fleet of idle runners ({@code spec.replicas} as a floor, spread
 * over several organizations), in real time. Once every runner is registered and idle, it counts the API calls
 * of one steady-state window per minute and reads the heap after a full GC. The heap is the whole sandbox JVM's
 * (the simulated GitHub and EC2 and the receiver as well as the operator; the API server and etcd are processes of
 * their own), an upper bound of the operator's.
 *
 * <p>Each organization has GitHub's budget of 5,000 calls an hour, as an installation of its own would.
 *
 * <p>{@code RAMP_LIMIT_MINUTES} bounds the ramp-up on a machine too small for the fleet asked for: past it the run
 * stops, says how far it got (runners idle, instances running) and exits with 1.
 *
 * <pre>java -Xmx3g -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.ScaleBenchmark
 *     [POOLS] [RUNNERS_PER_POOL] [ORGANIZATIONS] [WINDOW_MINUTES] [RAMP_LIMIT_MINUTES]</pre>
 */
public final class ScaleBenchmark {

  /**
   * GitHub's hourly REST budget of one App installation. The simulated world installs the App once for all its
   * organizations, where GitHub has an installation per organization, each with this budget: the world's one
   * installation gets the organizations' budgets together, or a fleet above 5,000 runners could not get its JIT
   * configurations within the hour.
   */
  private static final int INSTALLATION_CALLS_PER_HOUR = 5000;

  private ScaleBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int pools = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int perPool = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int organizations = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int windowMinutes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Duration rampLimit = args.length > 4 ? Duration.ofMinutes(Long.parseLong(args[4])) : null;
    AtomicReference<SimulatedWorld> world = new AtomicReference<>();
    SandboxRun run = SandboxRun.of(scenario(pools, perPool, organizations), SandboxOptions.atSpeed(1)
        .withStrategy(Scenario.Strategy.OPERATOR).withInstrumentation(w -> {
          if (world.getAndSet(w) == null) {
            w.github().rateLimit(INSTALLATION_CALLS_PER_HOUR * organizations);
          }
          return w.cloud();
        }));
    long started = System.nanoTime();
    BackgroundRun background = BackgroundRun.start(run);
    int target = pools * perPool;
    while (world.get() == null || idleRunners(world.get(), organizations) < target) {
      if (!background.alive()) {
        throw new IllegalStateException("the sandbox stopped before the fleet was up");
      }
      if (rampLimit != null && System.nanoTime() - started > rampLimit.toNanos()) {
        stopUnfinished(world.get(), organizations, target, started, background);
      }
      Thread.sleep(1000);
      if (world.get() != null) {
        System.out.printf(Locale.ROOT, "\r%d of %d runners idle after %ds   ", idleRunners(world.get(),
            organizations), target, (System.nanoTime() - started) / 1_000_000_000L);
      }
    }
    System.out.printf(Locale.ROOT, "%nfleet of %d idle runners up after %.0f s%n", target,
        (System.nanoTime() - started) / 1e9);
    Map<String, Long> before = calls(world.get());
    Thread.sleep(Duration.ofMinutes(windowMinutes).toMillis());
    Map<String, Long> after = calls(world.get());
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    background.stop();
    System.out.printf(Locale.ROOT, "%d pools x %d runners in %d organizations, steady state over %d minutes%n",
        pools, perPool, organizations, windowMinutes);
    long total = 0;
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      if (delta > 0) {
        total += delta;
        System.out.printf(Locale.ROOT, "%10.1f/min  %s%n", delta / (double) windowMinutes, entry.getKey());
      }
    }
    System.out.printf(Locale.ROOT, "%10.1f/min  all API calls%n", total / (double) windowMinutes);
    System.out.printf(Locale.ROOT, "heap used after GC: %d MiB (whole sandbox JVM)%n", heap / (1024 * 1024));
    System.exit(0);
  }

  /** Reports how far the ramp-up got within its limit, and stops. */
  private static void stopUnfinished(SimulatedWorld world, int organizations, int target, long started,
      BackgroundRun background) throws InterruptedException {
    long idle = world == null ? 0 : idleRunners(world, organizations);
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
  private static long idleRunners(SimulatedWorld world, int organizations) {
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
