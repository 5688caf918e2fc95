package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.simulator.world.SimulatedWorld;

/**
 * An operator run under way, for benchmarks that measure the operator apart from the rest of the sandbox (the
 * simulated world and the receiver share its JVM): the API server's request counts, which threads are the
 * operator's, and a stop of the operator alone.
 */
public final class OperatorUnderWay {

  private final SimulatedWorld world;
  private final SandboxCluster cluster;
  private final SandboxOperator operator;

  OperatorUnderWay(SimulatedWorld world, SandboxCluster cluster, SandboxOperator operator) {
    this.world = world;
    this.cluster = cluster;
    this.operator = operator;
  }

  public SimulatedWorld world() {
    return world;
  }

  /** Every request the API server served so far, or {@link ApiRequests#NONE} where its metrics cannot be read. */
  public ApiRequests apiRequests() {
    return ApiRequests.scrape(cluster.client());
  }

  /**
   * How many of the Runners in the API server show the phase in their status: the operator's own view of its fleet,
   * which can lag GitHub's (a Runner's status follows the observations).
   */
  public long runnersInPhase(String phase) {
    return cluster.client().resources(Runner.class).inAnyNamespace().list().getItems().stream()
        .filter(r -> r.getStatus() != null && phase.equals(r.getStatus().getPhase()))
        .count();
  }

  /**
   * Stops the operator process as its run's end would (informers, caches, executors, clients) and starts none in
   * its place; the world, the receiver and the API server keep running until the run ends.
   */
  public void stopOperator() {
    operator.close();
  }

  /** Whether the operator started the thread, or a thread the operator started did, and so on. */
  public static boolean isOperatorThread(Thread thread) {
    ThreadGroup group = thread.getThreadGroup();
    return group != null && SandboxOperator.THREADS.parentOf(group);
  }
}
