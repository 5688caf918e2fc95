package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario in the sandbox with the strategy asked for: the real operator and receiver against a real
 * Kubernetes API server and the simulated world, the baseline model, or both one after the other on the same workload
 * (same seed) for a comparison. Used by {@link SandboxMain}, the tests and the benchmarks.
 */
public final class SandboxRun {

  private final Scenario scenario;
  private final SandboxOptions options;
  private final List<RunResult> finished = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile SimulatedWorld current;
  private volatile String currentStrategy;
  private volatile OperatorUnderWay operatorUnderWay;

  private SandboxRun(Scenario scenario, SandboxOptions options) {
    this.scenario = scenario;
    this.options = options;
  }

  public static SandboxRun of(Scenario scenario, SandboxOptions options) {
    return new SandboxRun(scenario, options);
  }

  /**
   * Runs to the end: workload done, fleet drained (or cleaned up), report made.
   *
   * @throws IOException a loopback server could not start
   * @throws InterruptedException the run was interrupted; {@link #reportSoFar()} still answers
   */
  public SandboxResult run() throws IOException, InterruptedException {
    try {
      switch (options.strategyFor(scenario)) {
        case OPERATOR -> finish(runOperator());
        case BASELINE -> finish(runBaseline());
        case COMPARE -> {
          finish(runOperator());
          finish(runBaseline());
        }
      }
    } finally {
      closed.countDown();
    }
    List<RunResult> runs = finishedRuns();
    Comparison comparison = runs.size() == 2 ? Comparison.of(runs.get(0).report(), runs.get(1).report()) : null;
    return new SandboxResult(runs, comparison);
  }

  private RunResult runOperator() throws IOException, InterruptedException {
    currentStrategy = "operator";
    return OperatorRun.run(scenario, options, world -> current = world, value -> operatorUnderWay = value);
  }

  private RunResult runBaseline() throws IOException, InterruptedException {
    currentStrategy = "baseline";
    return BaselineRun.run(scenario, options, world -> current = world);
  }

  private synchronized void finish(RunResult result) {
    finished.add(result);
    current = null;
    operatorUnderWay = null;
  }

  private synchronized List<RunResult> finishedRuns() {
    return List.copyOf(finished);
  }

  /** The operator run under way, once its world has started; empty before, between and after runs. */
  public Optional<OperatorUnderWay> operatorUnderWay() {
    return Optional.ofNullable(operatorUnderWay);
  }

  public SandboxOptions options() {
    return options;
  }

  /**
   * Waits until {@link #run()} has returned or thrown, having closed everything it started.
   *
   * @return whether it did within {@code patience}
   */
  public boolean awaitClosed(Duration patience) throws InterruptedException {
    return closed.await(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The reports of the runs so far: the finished ones and, if one is under way, its report as of now (for Ctrl-C).
   */
  public List<SandboxReport> reportSoFar() {
    List<SandboxReport> reports = new ArrayList<>(finishedRuns().stream().map(RunResult::report).toList());
    Optional.ofNullable(current).ifPresent(world -> reports.add(world.report(currentStrategy,
        List.of("interrupted after " + world.scenario().name() + " ran for part of its workload"))));
    return reports;
  }
}
