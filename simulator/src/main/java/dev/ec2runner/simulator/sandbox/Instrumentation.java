package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.simulator.world.SimulatedWorld;

/** Lets benchmarks watch what the operator does, by wrapping the ports it is given. */
@FunctionalInterface
public interface Instrumentation {

  Instrumentation NONE = SimulatedWorld::cloudApi;

  /** The cloud the operator is given in this world; called for each (re)start of the operator. */
  RunnerCloud cloud(SimulatedWorld world);
}
