package dev.ec2runner.operator.job;

import dev.ec2runner.api.Durations;
import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The status a WorkflowJob is given from its spec, and what the phases the operator writes beyond the spec's state
 * mean: a job found finished on GitHub, a job left unassigned.
 */
public final class JobStatuses {

  private static final Set<String> FINISHED_PHASES = Set.of("Completed", "Cancelled", "Failed");
  static final String UNASSIGNED = "Unassigned";

  private JobStatuses() {
  }

  /** The status the job's spec calls for, in the given pool: matched pool, phase, runner and wait. */
  public static WorkflowJobStatus desired(WorkflowJob job, String poolName) {
    var spec = job.getSpec();
    Instant queued = time(spec.getQueuedAt());
    Instant started = time(spec.getStartedAt());
    String waited = queued != null && started != null && !started.isBefore(queued)
        ? Durations.format(Duration.ofSeconds(Duration.between(queued, started).toSeconds()))
        : null;
    return new WorkflowJobStatus()
        .withObservedGeneration(job.getMetadata().getGeneration())
        .withPool(poolName)
        .withPhase(phase(spec.getState(), spec.getConclusion()))
        .withRunner(spec.getRunnerName())
        .withWaited(waited);
  }

  static String phase(String state, String conclusion) {
    if (!JobState.COMPLETED.is(state)) {
      return JobState.IN_PROGRESS.is(state) ? "Running" : "Pending";
    }
    if ("cancelled".equals(conclusion)) {
      return "Cancelled";
    }
    if ("failure".equals(conclusion) || "timed_out".equals(conclusion) || "startup_failure".equals(conclusion)) {
      return "Failed";
    }
    return "Completed";
  }

  /**
   * Whether the job was found left unassigned beside an idle runner (see the planner's UnassignedDemand) and is still
   * queued: it stays out of demand until a webhook moves it on.
   */
  static boolean unassigned(WorkflowJob job) {
    return JobState.QUEUED.is(job.getSpec().getState()) && job.getStatus() != null
        && UNASSIGNED.equals(job.getStatus().getPhase());
  }

  /**
   * Whether a still-queued check found the job finished on GitHub although no completion webhook said so. The
   * receiver owns the spec, so the verdict lives in the status phase (Completed, Cancelled or Failed) while the spec
   * still says queued; a later webhook then moves the spec on as usual.
   */
  public static boolean settledOnGitHub(WorkflowJob job) {
    String state = job.getSpec().getState();
    String phase = job.getStatus() == null ? null : job.getStatus().getPhase();
    return (JobState.QUEUED.is(state) || JobState.WAITING.is(state)) && phase != null && FINISHED_PHASES.contains(phase);
  }

  /** A time the receiver copied from a webhook; null when absent or unreadable. */
  static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
