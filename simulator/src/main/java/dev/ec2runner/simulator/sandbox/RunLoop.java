package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.JobState;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.github.fake.SimulatedJob;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for phases of a run in real time while the world moves, and refreshes the live view on the way. The
 * deadlines are simulated time, so a slow machine gets the same simulated budget as a fast one.
 */
final class RunLoop {

  /** How often (real time) a condition is checked between refreshes of the view. */
  private static final Duration POLL = Duration.ofMillis(50);

  private final SimulatedWorld world;
  private final String strategy;
  private final SandboxOptions options;
  private final Supplier<String> table;
  private long nextRefreshNanos = System.nanoTime();

  /** @param table the fleet table for the view; returns "" when there is none */
  RunLoop(SimulatedWorld world, String strategy, SandboxOptions options, Supplier<String> table) {
    this.world = world;
    this.strategy = strategy;
    this.options = options;
    this.table = table;
  }

  /**
   * Waits until {@code done} holds or the world's clock passes {@code deadline}.
   *
   * @return whether {@code done} held
   * @throws InterruptedException the run was interrupted (Ctrl-C)
   */
  boolean waitUntil(String phase, BooleanSupplier done, Instant deadline) throws InterruptedException {
    while (true) {
      boolean met = done.getAsBoolean();
      if (met || world.clock().instant().isAfter(deadline)) {
        options.view().show(snapshot(phase));
        return met;
      }
      if (System.nanoTime() - nextRefreshNanos >= 0) {
        options.view().show(snapshot(phase));
        nextRefreshNanos = System.nanoTime() + options.refresh().toNanos();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** The world's state now; the fleet table only when it will be shown. */
  LiveSnapshot snapshot(String phase) {
    List<SimulatedJob> jobs = world.github().jobs();
    int completed = (int) jobs.stream().filter(job -> JobState.COMPLETED.is(job.status())).count();
    int live = (int) world.cloud().allInstances().stream().map(CloudInstance::state).filter(s -> !s.isGone())
        .count();
    Instant started = world.startedAt() == null ? world.clock().instant() : world.startedAt();
    String fleet = options.view() == LiveView.NONE ? "" : table.get();
    return new LiveSnapshot(world.scenario().name(), strategy,
        Duration.between(started, world.clock().instant()).toSeconds(), phase, jobs.size() - completed, completed,
        world.workload().planned().size(), live, fleet);
  }
}
