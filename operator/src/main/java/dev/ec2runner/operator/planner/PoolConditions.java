package dev.ec2runner.operator.planner;

import java.util.List;

/** Folds what the planner saw into the pool's Ready, AtCapacity and LaunchFailing conditions. */
final class PoolConditions {

  private PoolConditions() {
  }

  static List<PlannedCondition> of(PoolBlocker blocker, List<ObservedRunner> runners, int unmetDemand, int total,
      int maxRunners) {
    List<ObservedRunner> failing = runners.stream()
        .filter(r -> !r.deleting() && r.launchFailure() != null)
        .toList();
    PlannedCondition launchFailing = failing.isEmpty()
        ? new PlannedCondition(PlannedCondition.LAUNCH_FAILING, false, "LaunchesSucceeding", "no launch is failing")
        : new PlannedCondition(PlannedCondition.LAUNCH_FAILING, true, failing.get(0).launchFailure().reason(),
            launchMessage(failing));
    PlannedCondition atCapacity = blocker == null && unmetDemand > 0
        ? new PlannedCondition(PlannedCondition.AT_CAPACITY, true, "MaxRunnersReached",
            unmetDemand + " more runner(s) wanted, but the pool already has " + total + " of maxRunners " + maxRunners)
        : new PlannedCondition(PlannedCondition.AT_CAPACITY, false, "BelowMaxRunners",
            "the pool has " + total + " of maxRunners " + maxRunners);
    PlannedCondition ready;
    if (blocker != null) {
      ready = new PlannedCondition(PlannedCondition.READY, false, blocker.reason(), blocker.message());
    } else if (!failing.isEmpty()) {
      ready = new PlannedCondition(PlannedCondition.READY, false, "LaunchFailing", launchFailing.message());
    } else {
      ready = new PlannedCondition(PlannedCondition.READY, true, "PoolReady", "the pool can launch runners");
    }
    return List.of(ready, atCapacity, launchFailing);
  }

  private static String launchMessage(List<ObservedRunner> failing) {
    ObservedRunner first = failing.get(0);
    String message = first.name() + ": " + first.launchFailure().message();
    return failing.size() == 1 ? message : message + " (and " + (failing.size() - 1) + " more Runner(s))";
  }
}
