package dev.ec2runner.api;

import java.util.Optional;

/**
 * A job's state as GitHub reports it in {@code workflow_job} deliveries and WorkflowJob's {@code spec.state} stores,
 * shared by the receiver (which writes it) and the operator (which reads it). Ranked so that a late delivery can
 * never move a job backwards.
 */
public enum JobState {
  QUEUED("queued", 0),
  WAITING("waiting", 0),
  IN_PROGRESS("in_progress", 1),
  COMPLETED("completed", 2);

  private final String wireName;
  private final int rank;

  JobState(String wireName, int rank) {
    this.wireName = wireName;
    this.rank = rank;
  }

  /** The name GitHub uses and WorkflowJob's spec.state stores. */
  public String wireName() {
    return wireName;
  }

  /** Queued and waiting share the lowest rank: a job may pass between them in either order. */
  public int rank() {
    return rank;
  }

  /** Whether the stored or reported name is this state's. */
  public boolean is(String name) {
    return wireName.equals(name);
  }

  public static Optional<JobState> fromWire(String name) {
    for (JobState state : values()) {
      if (state.wireName.equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
