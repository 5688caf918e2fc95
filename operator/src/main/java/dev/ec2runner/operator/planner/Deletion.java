package dev.ec2runner.operator.planner;

/** A Runner the plan removes, and why. */
public record Deletion(String runnerName, DeletionReason reason) {
}
