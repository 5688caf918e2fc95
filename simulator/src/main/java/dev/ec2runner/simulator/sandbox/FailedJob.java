package dev.ec2runner.simulator.sandbox;

import java.util.List;

/**
 * A planned job that was not served, and the Kubernetes Events that name it or the runner it died on.
 *
 * @param jobIds GitHub job ids of its attempts (empty when it was never queued)
 * @param runnerName the runner of its last attempt, or null if none started it
 * @param events each Event about it, oldest first
 */
public record FailedJob(int sequence, String repository, List<Long> jobIds, String runnerName,
    List<Note> events) {

  /** One Event, as {@code kubectl describe} shows it. */
  public record Note(String type, String reason, String message) {

    @Override
    public String toString() {
      return type + " " + reason + ": " + message;
    }
  }

  public FailedJob {
    jobIds = List.copyOf(jobIds);
    events = List.copyOf(events);
  }

  /** Whether a Warning Event told the user about it (a Normal one, such as its launch, does not). */
  public boolean explained() {
    return events.stream().anyMatch(note -> "Warning".equals(note.type()));
  }
}
