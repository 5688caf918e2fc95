package dev.ec2runner.operator.planner;

/** A pool condition the plan asserts, before it gets its transition time. */
public record PlannedCondition(String type, boolean status, String reason, String message) {

  public static final String READY = "Ready";
  public static final String AT_CAPACITY = "AtCapacity";
  public static final String LAUNCH_FAILING = "LaunchFailing";
}
