package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.faults.CallGate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the operator's cloud calls and the failures they met, by kind, so that a chaos run can show its EC2/SSM
 * faults really reached the operator: a rule of the gate in front of the cloud of each operator (re)start, all
 * counting into the same figures.
 */
final class CloudFaultCounts implements CallGate.Rule {

  final AtomicLong calls = new AtomicLong();
  final AtomicLong serverErrors = new AtomicLong();
  final AtomicLong insufficientCapacity = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();

  @Override
  public void before(CallGate.Call call) {
    calls.incrementAndGet();
  }

  @Override
  public void failed(CallGate.Call call, Throwable failure) {
    if (failure instanceof CloudException.InsufficientCapacity) {
      insufficientCapacity.incrementAndGet();
    } else if (failure instanceof CloudException.Throttled) {
      throttled.incrementAndGet();
    } else if (failure instanceof CloudException && !(failure instanceof CloudException.InvalidConfiguration)) {
      // What is left is the plain server error the scenario's apiErrorRate injects.
      serverErrors.incrementAndGet();
    }
  }
}
