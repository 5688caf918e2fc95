package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.event.JobSource;
import dev.ec2runner.api.JobState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a delivery changes a WorkflowJob's spec. Pure, so that every ordering of deliveries can be tested.
 *
 * <ul>
 *   <li>The state never moves backwards (queued/waiting &lt; in_progress &lt; completed); between the two lowest
 *       states the later delivery wins.</li>
 *   <li>A workflow_job event's facts (labels above all) win over a check_run's; the source becomes workflow_job once
 *       one is seen.</li>
 *   <li>Facts of a job's progress (runner, start, completion, conclusion) come from the most advanced event; a stale
 *       event only fills facts still missing.</li>
 *   <li>A delivery that changes nothing yields no new spec, so a duplicate writes nothing.</li>
 * </ul>
 */
public final class WorkflowJobMerge {

  private WorkflowJobMerge() {
  }

  /** The spec of a job seen for the first time. */
  public static WorkflowJobSpec initial(JobEvent event, String deliveryId) {
    WorkflowJobSpec spec = new WorkflowJobSpec()
        .withJobId(event.jobId())
        .withRepository(event.repository())
        .withSource(event.source().wireName())
        .withState(event.state().wireName())
        .withLabels(event.labels().isEmpty() ? null : event.labels());
    mergeFacts(spec, event, true, true);
    return spec.withDeliveryId(deliveryId);
  }

  /** The spec after the delivery, or empty when it changes nothing (a duplicate, or a stale event with no news). */
  public static Optional<WorkflowJobSpec> apply(WorkflowJobSpec current, JobEvent event, String deliveryId) {
    if (current == null || current.getState() == null) {
      return Optional.of(initial(event, deliveryId));
    }
    WorkflowJobSpec next = copyOf(current);
    int currentRank = JobState.fromWire(current.getState()).map(JobState::rank).orElse(0);
    if (event.state().rank() >= currentRank) {
      next.setState(event.state().wireName());
    }
    boolean fromWorkflowJob = event.source() == JobSource.WORKFLOW_JOB;
    boolean overrides = fromWorkflowJob || JobSource.CHECK_RUN.wireName().equals(current.getSource());
    if (fromWorkflowJob) {
      next.setSource(JobSource.WORKFLOW_JOB.wireName());
    }
    if (!event.labels().isEmpty() && (overrides || isEmpty(current.getLabels()))) {
      next.setLabels(event.labels());
    }
    mergeFacts(next, event, overrides, overrides && event.state().rank() >= currentRank);
    next.setDeliveryId(current.getDeliveryId());
    if (next.equals(current)) {
      return Optional.empty();
    }
    return Optional.of(next.withDeliveryId(deliveryId));
  }

  /**
   * Copies the event's known facts: descriptive ones when {@code overrides} or missing, progress ones when
   * {@code newest} or missing.
   */
  private static void mergeFacts(WorkflowJobSpec spec, JobEvent event, boolean overrides, boolean newest) {
    set(spec::getRepository, spec::setRepository, event.repository(), overrides);
    set(spec::getOrganization, spec::setOrganization, event.organization(), overrides);
    set(spec::getEnterprise, spec::setEnterprise, event.enterprise(), overrides);
    set(spec::getInstallationId, spec::setInstallationId, event.installationId(), overrides);
    set(spec::getRunId, spec::setRunId, event.runId(), overrides);
    set(spec::getRunAttempt, spec::setRunAttempt, event.runAttempt(), overrides);
    set(spec::getName, spec::setName, event.name(), overrides);
    set(spec::getWorkflowName, spec::setWorkflowName, event.workflowName(), overrides);
    set(spec::getQueuedAt, spec::setQueuedAt, event.queuedAt(), overrides);
    set(spec::getRunnerName, spec::setRunnerName, event.runnerName(), newest);
    set(spec::getRunnerId, spec::setRunnerId, event.runnerId(), newest);
    set(spec::getStartedAt, spec::setStartedAt, event.startedAt(), newest);
    set(spec::getCompletedAt, spec::setCompletedAt, event.completedAt(), newest);
    set(spec::getConclusion, spec::setConclusion, event.conclusion(), newest);
  }

  private static <T> void set(Supplier<T> current, Consumer<T> setter, T value, boolean replace) {
    if (value != null && (replace || current.get() == null)) {
      setter.accept(value);
    }
  }

  private static boolean isEmpty(List<String> labels) {
    return labels == null || labels.isEmpty();
  }

  static WorkflowJobSpec copyOf(WorkflowJobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return new WorkflowJobSpec()
        .withJobId(spec.getJobId())
        .withRunId(spec.getRunId())
        .withRunAttempt(spec.getRunAttempt())
        .withName(spec.getName())
        .withWorkflowName(spec.getWorkflowName())
        .withRepository(spec.getRepository())
        .withOrganization(spec.getOrganization())
        .withEnterprise(spec.getEnterprise())
        .withLabels(spec.getLabels() == null ? null : List.copyOf(spec.getLabels()))
        .withInstallationId(spec.getInstallationId())
        .withSource(spec.getSource())
        .withState(spec.getState())
        .withRunnerName(spec.getRunnerName())
        .withRunnerId(spec.getRunnerId())
        .withQueuedAt(spec.getQueuedAt())
        .withStartedAt(spec.getStartedAt())
        .withCompletedAt(spec.getCompletedAt())
        .withConclusion(spec.getConclusion())
        .withDeliveryId(spec.getDeliveryId());
  }
}
