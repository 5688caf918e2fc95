package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.JobState;
import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.planner.RunnerGroupAdmission;
import dev.ec2runner.operator.planner.UnassignedJob;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.simulator.world.WorldOptions;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A scenario scaled by the real operator: a real Kubernetes API server (the sandbox's own or an existing cluster),
 * the simulated world at the run's speed, the real receiver over HTTP on loopback (the world's signed webhooks go
 * there), the real operator on the world's cloud and, through its own GitHub adapter, the simulated GitHub. Runs
 * until the workload is done and the fleet drained; pools that keep idle runners are deleted at the end so that the
 * operator's cleanup is measured too.
 */
final class OperatorRun {

  /** The Warning Event reasons of queued jobs the operator stopped counting as demand. */
  private static final Set<String> NOT_COUNTED_REASONS = Set.of(UnassignedJob.REASON, RunnerGroupAdmission.REFUSED);
  /** How long (simulated) the operator gets to clean up after its pools are deleted. */
  static final Duration CLEANUP = Duration.ofMinutes(10);
  /** How long (simulated) the end state must hold: longer than a lost job's rerun takes to queue a new job. */
  static final Duration SETTLE = Duration.ofSeconds(30);
  /** The longest (real time) an existing cluster's namespace waits for the operator at the end. */
  private static final Duration LEAVE_AT_MOST = Duration.ofMinutes(2);
  /** Enough for a watch to see that no pool was ever created. */
  private static final Duration NOTHING_TO_WAIT_FOR = Duration.ofSeconds(10);
  /** How long (real time) the receiver may take to see the pools just applied before the workload starts. */
  private static final Duration POOLS_SEEN_WITHIN = Duration.ofSeconds(30);
  private static final int TABLE_ROWS = 25;

  private OperatorRun() {
  }

  /**
   * Runs the scenario.
   *
   * @param started called once the world has started
   * @param underWay called at the same moment, with what benchmarks measure the operator by
   */
  static RunResult run(Scenario scenario, SandboxOptions options, Consumer<SimulatedWorld> started,
      Consumer<OperatorUnderWay> underWay) throws IOException, InterruptedException {
    TimeCompression time = options.compression();
    try (SandboxCluster cluster = SandboxCluster.open(options.kubernetes(), scenario.pools());
        SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.realTime(options.speed()))) {
      try {
        cluster.prepare(world.appCredentials().secretStringData());
        cluster.checkPools();
      } catch (RuntimeException refused) {
        cluster.leave(NOTHING_TO_WAIT_FOR);
        throw refused;
      }
      Duration restartEvery = scenario.faults().operatorRestartEvery() == null ? null
          : time.realTime(scenario.faults().operatorRestartEvery());
      try (SandboxReceiver receiver = SandboxReceiver.start(cluster.config(), cluster.namespace(),
              world.webhookSecret());
          RunnerCapWatch caps = new RunnerCapWatch(cluster.client(), cluster.namespace(), cluster.pools());
          SandboxOperator operator = SandboxOperator.start(cluster.config(),
              time.operatorConfig(options.observeInterval(), cluster.watchedNamespaces()),
              () -> new OperatorComponents(options.instrumentation().cloud(world),
                  WorldGitHubClients.pointingAt(world.githubServer().apiUrl(), world.clock()), world.clock()),
              restartEvery)) {
        try {
          world.sendWebhooksTo(receiver.webhookUrl());
          return play(scenario, options, started.andThen(w -> underWay.accept(new OperatorUnderWay(w, cluster,
              operator))), cluster, world, caps, operator, receiver);
        } finally {
          // On an existing cluster the operator, still running, honours its finalizers while the sandbox's
          // namespace is emptied; the bound is real time, so that Ctrl-C is not held up for long.
          cluster.leave(min(time.realTime(CLEANUP), LEAVE_AT_MOST));
        }
      }
    }
  }

  private static RunResult play(Scenario scenario, SandboxOptions options, Consumer<SimulatedWorld> started,
      SandboxCluster cluster, SimulatedWorld world, RunnerCapWatch caps, SandboxOperator operator,
      SandboxReceiver receiver) throws InterruptedException {
    ApiWrites writesBefore = ApiWrites.scrape(cluster.client());
    cluster.applyPools();
    // As on a real installation, the pools exist before the jobs: a job the receiver cannot match yet is answered
    // 200 (no pool serves it) and never redelivered.
    receiver.awaitPools(cluster.pools().size(), POOLS_SEEN_WITHIN);
    world.start();
    started.accept(world);
    RunLoop loop = new RunLoop(world, "operator", options, () -> cluster.table(TABLE_ROWS));
    Instant deadline = world.startedAt().plus(scenario.duration()).plus(scenario.drainTimeout());
    boolean done = loop.waitUntil("workload", world::workloadDone, deadline);
    // Held for a while, not seen once: a job lost with its instance is rerun (a new queued job, a new Runner) once the
    // operator has seen the loss, and in between nothing runs and nothing is left; the recorded rerun decisions tell
    // when none is still to come, the hold covers the moments between the decision and the new job.
    boolean drained = done && loop.waitUntil("draining",
        heldFor(SETTLE, world, () -> drained(world, cluster)
            || cluster.settledAtFloors() && noRerunToCome(world, cluster)), deadline)
        && drained(world, cluster);
    ApiWrites writes = ApiWrites.scrape(cluster.client()).since(writesBefore);
    if (!drained) {
      cluster.deletePools();
      loop.waitUntil("cleaning up", heldFor(SETTLE, world, () -> cluster.currentPools().isEmpty()
          && cluster.currentRunners().isEmpty() && noLeaks(world)), world.clock().instant().plus(CLEANUP));
    }
    List<String> violations = new ArrayList<>(caps.violations());
    violations.addAll(JobChecks.busyInstancesTerminated(world.agents().jobRuns(), world.faults().interrupted(),
        world.github().killedJobs()));
    if (!done) {
      violations.add(unfinished(world, scenario));
    }
    List<Event> events = cluster.events();
    SandboxReport report = world.report("operator", violations).withNotCountedAsDemand(
        JobChecks.notCountedAsDemand(events, NOT_COUNTED_REASONS));
    return new RunResult(report, JobChecks.failedJobs(world.jobOutcomes(), events), operator.restarts(), writes);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Nothing waits, runs or is left: every job GitHub has is completed, no Runner objects, instances, registrations or
   * stored configurations, and no rerun is still to come.
   */
  private static boolean drained(SimulatedWorld world, SandboxCluster cluster) {
    return world.workloadDone() && noLeaks(world) && cluster.currentRunners().isEmpty()
        && noRerunToCome(world, cluster);
  }

  /**
   * A job lost with its runner is rerun as a new job, but only once the operator has seen the loss (up to an
   * observation later, longer when GitHub throttles it): until it has recorded its decision on each such job, the
   * fleet may look drained while a rerun is still to come.
   */
  private static boolean noRerunToCome(SimulatedWorld world, SandboxCluster cluster) {
    return cluster.rerunsDecided(JobChecks.lostLatestAttempts(world.jobOutcomes(), world.agents().jobRuns(),
        world.faults().interrupted()));
  }

  /** True once the condition has been true, without a break, for {@code span} of the world's time. */
  static BooleanSupplier heldFor(Duration span, SimulatedWorld world, BooleanSupplier condition) {
    Instant[] since = new Instant[1];
    return () -> {
      Instant now = world.clock().instant();
      if (!condition.getAsBoolean()) {
        since[0] = null;
        return false;
      }
      if (since[0] == null) {
        since[0] = now;
      }
      return !now.isBefore(since[0].plus(span));
    };
  }

  static boolean noLeaks(SimulatedWorld world) {
    return world.leaks().equals(new SandboxReport.Leaks(0, 0, 0));
  }

  static String unfinished(SimulatedWorld world, Scenario scenario) {
    long open = world.github().jobs().stream().filter(job -> !JobState.COMPLETED.is(job.status())).count();
    int unqueued = world.workload().planned().size() - world.workload().queued().size();
    return "the workload did not finish within its duration plus drainTimeout (" + scenario.drainTimeout()
        .toSeconds() + "s): " + open + " jobs still waiting or running, " + unqueued + " never queued";
  }
}
