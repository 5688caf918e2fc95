package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobStatus;
import dev.ec2runner.operator.kube.ConcurrentRequests;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status of a pool's WorkflowJobs (matched pool, phase, runner, wait; why a queued job is not demand),
 * only where it changes, and says once, with an Event and a metric, what a newly written status reveals.
 */
public final class JobStatusSync {

  private static final Logger LOG = LoggerFactory.getLogger(JobStatusSync.class);

  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final ConcurrentRequests requests;

  public JobStatusSync(KubernetesClient client, OperatorMetrics metrics, EventRecorder events,
      ConcurrentRequests requests) {
    this.client = client;
    this.metrics = metrics;
    this.events = events;
    this.requests = requests;
  }

  /**
   * Records the pool and phase on each matched job, and marks jobs this pool no longer serves as Unmatched.
   *
   * @param formerlyMatched jobs whose status names this pool but which it no longer matches
   * @param finished jobs a still-queued check just found finished on GitHub, by name
   * @param runnerPool the pool of a runner of the namespace, by runner name (null for a runner of none)
   * @param unassigned jobs the plan just stopped counting as demand, by name
   */
  public void syncStatus(RunnerPool pool, List<WorkflowJob> matched, List<WorkflowJob> formerlyMatched,
      Map<String, StillQueuedCheck.Outcome> finished, Function<String, String> runnerPool,
      Map<String, JobDemand.NotCounted> unassigned) {
    String poolName = pool.getMetadata().getName();
    List<Supplier<Void>> writes = new ArrayList<>();
    for (WorkflowJob job : matched) {
      StillQueuedCheck.Outcome verdict = finished.get(job.getMetadata().getName());
      JobDemand.NotCounted notCounted = unassigned.get(job.getMetadata().getName());
      WorkflowJobStatus desired;
      Runnable afterWritten = () -> { };
      if (verdict != null && verdict.verdict() == StillQueuedCheck.Verdict.FINISHED
          && JobState.QUEUED.is(job.getSpec().getState())) {
        desired = JobStatuses.desired(job, poolName)
            .withPhase(JobStatuses.phase(JobState.COMPLETED.wireName(), verdict.conclusion()))
            .withMessage(verdict.message());
      } else if (JobStatuses.settledOnGitHub(job)) {
        desired = new WorkflowJobStatus().withObservedGeneration(job.getMetadata().getGeneration())
            .withPool(poolName).withPhase(job.getStatus().getPhase()).withMessage(job.getStatus().getMessage());
      } else if (notCounted != null && JobState.QUEUED.is(job.getSpec().getState())) {
        desired = new WorkflowJobStatus().withObservedGeneration(job.getMetadata().getGeneration())
            .withPool(poolName).withPhase(JobStatuses.UNASSIGNED).withMessage(notCounted.message());
        boolean first = !JobStatuses.unassigned(job);
        afterWritten = () -> {
          if (first) {
            announceUnassigned(job, poolName, notCounted);
          }
        };
      } else if (JobStatuses.unassigned(job)) {
        // Still queued and still not demand: keep saying why until a webhook moves the job on.
        desired = new WorkflowJobStatus().withObservedGeneration(job.getMetadata().getGeneration())
            .withPool(poolName).withPhase(JobStatuses.UNASSIGNED).withMessage(job.getStatus().getMessage());
      } else {
        WorkflowJobStatus next = JobStatuses.desired(job, poolName);
        desired = next;
        afterWritten = () -> countTakenRunner(job, next, runnerPool);
      }
      addWrite(writes, job, desired, afterWritten);
    }
    for (WorkflowJob job : formerlyMatched) {
      List<String> labels = job.getSpec().getLabels() == null ? List.of() : job.getSpec().getLabels();
      addWrite(writes, job, new WorkflowJobStatus()
          .withObservedGeneration(job.getMetadata().getGeneration())
          .withPhase("Unmatched")
          .withMessage("no RunnerPool in namespace " + job.getMetadata().getNamespace() + " serves "
              + labels.stream().collect(Collectors.joining(", ", "[", "]"))));
    }
    if (!writes.isEmpty()) {
      requests.all(writes);
    }
  }

  /** A status write only where the status changes: an unchanged job costs no request. */
  private void addWrite(List<Supplier<Void>> writes, WorkflowJob job, WorkflowJobStatus desired) {
    addWrite(writes, job, desired, () -> { });
  }

  /** A status write only where the status changes, and what follows once it is written. */
  private void addWrite(List<Supplier<Void>> writes, WorkflowJob job, WorkflowJobStatus desired,
      Runnable afterWritten) {
    if (!Objects.equals(job.getStatus(), desired)) {
      writes.add(() -> {
        if (write(job, desired)) {
          afterWritten.run();
        }
        return null;
      });
    }
  }

  /**
   * Says once, when its status first records it, that the job no longer counts: a Warning Event and the metric, so
   * that users see why.
   */
  private void announceUnassigned(WorkflowJob job, String poolName, JobDemand.NotCounted why) {
    events.warning(job, why.reason(), why.message());
    metrics.demandNotCounted(job.getMetadata().getNamespace(), poolName, why.reason());
    LOG.warn("queued job no longer counts as demand job={}/{} pool={} reason={}", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), poolName, why.reason());
  }

  /**
   * Counts a runner of another pool that GitHub gave this pool's job, once: when the job's status first names the
   * runner (the status written is the record that it was counted, so a restart does not count it again).
   */
  private void countTakenRunner(WorkflowJob job, WorkflowJobStatus desired, Function<String, String> runnerPool) {
    String before = job.getStatus() == null ? null : job.getStatus().getRunner();
    String taker = desired.getRunner() == null ? null : runnerPool.apply(desired.getRunner());
    if (taker == null || taker.equals(desired.getPool()) || desired.getRunner().equals(before)) {
      return;
    }
    metrics.runnerTaken(job.getMetadata().getNamespace(), taker, desired.getPool());
    LOG.info("runner taken by another pool's job job={}/{} runner={} runnerPool={} jobPool={}",
        job.getMetadata().getNamespace(), job.getMetadata().getName(), desired.getRunner(), taker,
        desired.getPool());
  }

  /** Writes the status; whether it was written. */
  private boolean write(WorkflowJob job, WorkflowJobStatus desired) {
    WorkflowJob base = client.getKubernetesSerialization().clone(job);
    base.getMetadata().setResourceVersion(null);
    try {
      client.resource(base).editStatus(j -> {
        j.setStatus(desired);
        return j;
      });
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("workflow job status not written job={}/{} error=\"{}\"", job.getMetadata().getNamespace(),
            job.getMetadata().getName(), e.getMessage());
      }
      return false;
    }
  }
}
