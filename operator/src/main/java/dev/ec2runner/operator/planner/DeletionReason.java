package dev.ec2runner.operator.planner;

/** Why the planner removes a Runner. */
public enum DeletionReason {
  /** The Runner failed (instance lost, registration impossible); it never counts as capacity. */
  FAILED,
  /** An ephemeral runner finished its job and its instance is shutting down. */
  COMPLETED,
  /** Launched but not registered with GitHub within bootTimeout; it is replaced. */
  BOOT_TIMEOUT,
  /** Idle past idleTimeout and above the idle target. */
  IDLE_TIMEOUT,
  /** maxRunners was lowered below the runners that exist; removes runners without a job. */
  OVER_CAPACITY
}
