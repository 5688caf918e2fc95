package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.cloud.RunnerCloud;

/** Lets benchmarks watch what the operator does, by wrapping the ports it is given. */
@FunctionalInterface
public interface Instrumentation {

  Instrumentation NONE = cloud -> cloud;

  /** The cloud the operator is given; called for each (re)start of the operator. */
  RunnerCloud cloud(RunnerCloud worldCloud);
}
