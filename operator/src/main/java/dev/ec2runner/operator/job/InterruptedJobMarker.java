package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Snapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Marks a WorkflowJob whose runner was lost while running it (spot interruption, instance failure), for
 * {@link InterruptedJobReruns} to rerun. The mark is two annotations on the job, the lost runner's name and when it
 * was found lost, so it outlives the process; a job is marked once. The Runner controller marks the job it sees
 * running when its instance goes ({@link #markLost}); the pool marks the jobs of instances EC2 reclaimed
 * ({@link #markReclaimed}) for the other order, where the job's failed completion arrived first.
 */
public final class InterruptedJobMarker {

  /** Names the runner that was lost while running the job. */
  static final String INTERRUPTED = ApiGroup.GROUP + "/interrupted-runner";
  /** When the runner was found lost; the completion grace counts from it, across operator restarts. */
  static final String INTERRUPTED_AT = ApiGroup.GROUP + "/interrupted-at";
  /** Conclusions that need no rerun. */
  private static final Set<String> CONCLUDED_WELL = Set.of("success", "skipped", "neutral");

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public InterruptedJobMarker(EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Whether the job's completion says it ended well: such a job lost nothing with its runner. */
  public static boolean endedWell(WorkflowJob job) {
    return JobState.COMPLETED.is(job.getSpec().getState()) && concludedWell(job.getSpec().getConclusion());
  }

  static boolean concludedWell(String conclusion) {
    return CONCLUDED_WELL.contains(conclusion);
  }

  /** Marks the job a lost runner was running, and when, unless it is marked already. */
  public void markLost(KubernetesClient client, WorkflowJob job, String runnerName) {
    if (isMarked(job)) {
      return;
    }
    JobAnnotations.add(client, job, Map.of(INTERRUPTED, runnerName, INTERRUPTED_AT, clock.instant().toString()));
  }

  /**
   * Marks the pool's jobs whose ephemeral runner's instance EC2 reclaimed (a spot interruption, a host failure) and
   * that did not end well, with a Warning naming the runner and the job. The Runner controller marks a job it sees
   * running when its instance goes; this catches the other order, where the job's failed completion arrives first
   * and the Runner has already been classed as finished. An ephemeral runner runs one job, so the job on a reclaimed
   * instance is the one it lost.
   */
  public void markReclaimed(RunnerPool pool, List<WorkflowJob> matched, Snapshot snapshot,
      KubernetesClient kubernetes) {
    if (pool.getSpec().getRunner() != null && Boolean.FALSE.equals(pool.getSpec().getRunner().getEphemeral())) {
      return;
    }
    String namespace = pool.getMetadata().getNamespace();
    Map<String, CloudInstance> reclaimed = new HashMap<>();
    for (CloudInstance instance : snapshot.reclaimed()) {
      if ( namespace.equals(instance.namespace()) && instance.runnerName() != null) {
        reclaimed.put(instance.runnerName(), instance);
      }
    }
    if (reclaimed.isEmpty()) {
      return;
    }
    for (WorkflowJob job : matched) {
      CloudInstance instance = job.getSpec().getRunnerName() == null ? null
          : reclaimed.get(job.getSpec().getRunnerName());
      if (instance == null || isMarked(job) || endedWell(job) || JobState.QUEUED.is(job.getSpec().getState())) {
        continue;
      }
      events.warning(job, "InstanceLost", "instance " + instance.instanceId() + " of runner "
          + job.getSpec().getRunnerName() + " was reclaimed by EC2 (spot interruption or host failure) while it ran job "
          + job.getSpec().getJobId() + " (" + job.getSpec().getName() + ") of " + job.getSpec().getRepository());
      metrics.runnerLost("InstanceLost");
      markLost(kubernetes, job, job.getSpec().getRunnerName());
    }
  }

  static boolean isMarked(WorkflowJob job) {
    return job.getMetadata().getAnnotations() != null && job.getMetadata().getAnnotations().containsKey(INTERRUPTED);
  }

  /** The lost runner's name, if the job is marked. */
  static Optional<String> lostRunner(Map<String, String> annotations) {
    return Optional.ofNullable(annotations.get(INTERRUPTED));
  }

  /** When the job was marked, unless the annotation is missing or was edited into something unreadable. */
  static Optional<Instant> markedAt(Map<String, String> annotations) {
    try {
      return Optional.ofNullable(annotations.get(INTERRUPTED_AT)).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
