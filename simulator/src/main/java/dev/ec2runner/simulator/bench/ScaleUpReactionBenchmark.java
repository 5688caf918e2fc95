package dev.ec2runner.simulator.bench;

import dev.ec2runner.api.JobState;
import dev.ec2runner.operator.github.fake.SimulatedDelivery;
import dev.ec2runner.simulator.report.Stats;
import dev.ec2runner.simulator.sandbox.SandboxOptions;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 1, scale-up reaction: from the receipt of a {@code workflow_job queued} webhook to the launch call the
 * operator issues for it, at 1, 10 and 50 webhooks a second, in real time (speed 1).
 *
 * <p>Receipt is when the simulated GitHub began the delivery's POST to the receiver on loopback; the launch call is
 * when the operator's first {@code RunnerCloud.launch} for a Runner began. Each job gets a Runner of its own (the
 * pool has room for all and no instance boots within the run), so the n-th receipt is paired with the n-th launch:
 * both sequences are sorted, and the latency is their difference.
 *
 * <p>With {@code --pools=N} the jobs are spread over N pools in one namespace, each with a label of its own.
 *
 * <pre>java -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.ScaleUpReactionBenchmark
 *     [--pools=N] [SECONDS_PER_RATE] [RATE...]</pre>
 */
public final class ScaleUpReactionBenchmark {

  private ScaleUpReactionBenchmark() {
  }

  /**
   * What one rate measured. When fewer launches than jobs were issued within the time limit, the jobs left without
   * one count with their wait until the limit: the percentiles are then lower bounds.
   */
  record Result(double rate, int jobs, int launched, double deliveredPerSecond, double p50, double p99, double max) {

    boolean fellBehind() {
      return launched < jobs;
    }
  }

  public static void main(String[] args) throws Exception {
    int pools = 1;
    List<String> positional = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--pools=")) {
        pools = Integer.parseInt(arg.substring("--pools=".length()));
      } else {
        positional.add(arg);
      }
    }
    int seconds = positional.isEmpty() ? 20 : Integer.parseInt(positional.get(0));
    List<Double> rates = new ArrayList<>();
    for (int i = 1; i < positional.size(); i++) {
      rates.add(Double.parseDouble(positional.get(i)));
    }
    if (rates.isEmpty()) {
      rates = List.of(1.0, 10.0, 50.0);
    }
    PrintStream out = System.out;
    out.println("warming up (5 webhooks/s for 10 s, not reported)");
    measure(5, 10, pools);
    out.println(pools + (pools == 1 ? " pool" : " pools") + ", " + seconds + " s per rate");
    out.printf(Locale.ROOT, "%-10s %6s %8s %12s %10s %10s %10s%n", "rate/s", "jobs", "launched", "delivered/s",
        "p50 ms", "p99 ms", "max ms");
    for (double rate : rates) {
      Result r = measure(rate, seconds, pools);
      out.printf(Locale.ROOT, "%-10s %6d %8d %12.1f %10.1f %10.1f %10.1f%s%n", rate, r.jobs(), r.launched(),
          r.deliveredPerSecond(), r.p50(), r.p99(), r.max(),
          r.fellBehind() ? "  (fell behind: lower bounds, unlaunched jobs counted until the time limit)" : "");
    }
    System.exit(0);
  }

  static Result measure(double rate, int seconds, int pools) throws Exception {
    Scenario scenario = BenchScenarios.arrivals(rate, seconds, pools, 1);
    Map<String, Instant> launches = LaunchRecorder.newLog();
    AtomicReference<SimulatedWorld> world = new AtomicReference<>();
    SandboxOptions options = SandboxOptions.atSpeed(1).withStrategy(Scenario.Strategy.OPERATOR)
        .withInstrumentation(w -> {
          world.set(w);
          return new LaunchRecorder(w.cloudApi(), w.clock(), launches);
        });
    BackgroundRun run = BackgroundRun.start(SandboxRun.of(scenario, options));
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 120L).toNanos();
    while (run.alive() && System.nanoTime() < deadline
        && (world.get() == null || !world.get().workload().allQueued()
        || launches.size() < world.get().workload().planned().size())) {
      Thread.sleep(200);
    }
    List<Instant> receipts = world.get().github().deliveries().stream()
        .filter(d -> "workflow_job".equals(d.event()) && JobState.QUEUED.is(d.action()) && d.succeeded()
            && !d.redelivery())
        .map(SimulatedDelivery::deliveredAt).sorted().toList();
    List<Instant> issued = LaunchRecorder.issued(launches);
    Instant limit = world.get().clock().instant();
    run.stop();
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < receipts.size(); i++) {
      Instant launched = i < issued.size() ? issued.get(i) : limit;
      millis.add(Duration.between(receipts.get(i), launched).toNanos() / 1e6);
    }
    double span = Duration.between(receipts.get(0), receipts.get(receipts.size() - 1)).toMillis() / 1000.0;
    return new Result(rate, receipts.size(), Math.min(issued.size(), receipts.size()),
        span == 0 ? receipts.size() : (receipts.size() - 1) / span,
        Stats.round(Stats.percentile(millis, 50), 1), Stats.round(Stats.percentile(millis, 99), 1),
        Stats.round(Stats.max(millis), 1));
  }
}
