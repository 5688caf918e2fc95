package dev.ec2runner.operator.planner;

/** A Runner's lifecycle phase, as recorded in {@code status.phase}. */
public enum RunnerPhase {
  /** Created; no instance yet. */
  PENDING("Pending"),
  /** Instance launched and recorded; its runner configuration is not handed over yet. */
  LAUNCHING("Launching"),
  /** Configuration handed over; waiting for the runner to come online on GitHub. */
  BOOTING("Booting"),
  IDLE("Idle"),
  BUSY("Busy"),
  /** Being deleted while its job runs: waits for the job to finish. */
  DRAINING("Draining"),
  /** Its instance is going away: deleted, or an ephemeral runner that finished its job. */
  TERMINATING("Terminating"),
  /** Lost (instance vanished, registration impossible); the pool deletes and replaces it. */
  FAILED("Failed");

  private final String wireName;

  RunnerPhase(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in {@code status.phase}. */
  public String wireName() {
    return wireName;
  }

  /** The phase for a status value; an unset phase is {@link #PENDING}. */
  public static RunnerPhase fromWireName(String name) {
    if (name == null) {
      return PENDING;
    }
    for (RunnerPhase phase : values()) {
      if (phase.wireName.equals(name)) {
        return phase;
      }
    }
    throw new IllegalArgumentException("unknown runner phase '" + name + "'");
  }

  /** Whether the runner has not registered with GitHub yet. */
  public boolean isStarting() {
    return this == PENDING || this == LAUNCHING || this == BOOTING;
  }
}
