package dev.ec2runner.operator.job;

import dev.ec2runner.api.Durations;
import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.JobRequest;
import dev.ec2runner.api.matching.PoolMatcher;
import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobStatus;
import dev.ec2runner.operator.kube.ConcurrentRequests;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.ObservedRunner;
import dev.ec2runner.operator.planner.PendingJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's view of the WorkflowJobs in its namespace: which ones the shared {@link PoolMatcher} gives it, which of
 * those are pending, their status (matched pool, phase, runner, wait), and removal of completed ones after a TTL.
 */
public final class WorkflowJobs {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowJobs.class);
  private static final Set<String> FINISHED_PHASES = Set.of("Completed", "Cancelled", "Failed");
  static final String UNASSIGNED = "Unassigned";

  private final KubernetesClient client;
  private final Duration completedTtl;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final ConcurrentRequests requests;

  public WorkflowJobs(KubernetesClient client, Duration completedTtl, OperatorMetrics metrics, EventRecorder events,
      ConcurrentRequests requests) {
    this.client = client;
    this.completedTtl = completedTtl;
    this.metrics = metrics;
    this.events = events;
    this.requests = requests;
  }

  /** The pool a job belongs to among the pools of its namespace (pools being deleted take no new jobs). */
  public static Optional<String> bestPool(WorkflowJob job, Collection<RunnerPool> pools) {
    return servingPool(job, offers(pools));
  }

  /**
   * The pool a job belongs to among the offers of its namespace's pools ({@link #offers}): for matching many jobs,
   * whose offers are then built once rather than once per job.
   */
  public static Optional<String> servingPool(WorkflowJob job, List<PoolOffer> offers) {
    if (job.getSpec() == null) {
      return Optional.empty();
    }
    return PoolMatcher.bestPool(JobRequest.of(job.getSpec()), offers).map(PoolOffer::name);
  }

  /** What the pools offer to jobs: those not being deleted and whose spec names a scope. */
  public static List<PoolOffer> offers(Collection<RunnerPool> pools) {
    return pools.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec() != null)
        .map(WorkflowJobs::offer)
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<PoolOffer> offer(RunnerPool pool) {
    try {
      return Optional.of(PoolOffer.of(pool));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Queued jobs, as the planner's demand; jobs found unassigned once stay out of it. */
  static List<PendingJob> pending(List<WorkflowJob> matched) {
    return queued(matched).stream()
        .filter(j -> !unassigned(j))
        .map(j -> new PendingJob(j.getMetadata().getName(), time(j.getSpec().getQueuedAt())))
        .toList();
  }

  /** Jobs that are queued as far as the webhooks tell, and not found finished on GitHub by a still-queued check. */
  public static List<WorkflowJob> queued(List<WorkflowJob> matched) {
    return matched.stream().filter(j -> JobState.QUEUED.is(j.getSpec().getState()) && !settledOnGitHub(j)).toList();
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

  /**
   * Queued jobs that no busy runner is presumed to run. A runner GitHub lists as busy while no in-progress job
   * names it is running one of the queued jobs whose in_progress webhook has not arrived yet; counting that job
   * as pending too would launch a runner for a job that already has one. The newest queued jobs are dropped.
   *
   * <p>Jobs of every pool in the namespace name runners, not only this pool's: GitHub gives a queued job to any idle
   * runner with the job's labels, so this pool's runner may run another pool's job. That runner covers none of this
   * pool's queued jobs, which stay demand, so the pool launches a replacement at once instead of waiting for a job
   * that its runner will never run.
   *
   * @param inNamespace every WorkflowJob of the namespace, matched to this pool or not
   */
  public static List<PendingJob> pendingDemand(List<WorkflowJob> matched, Collection<WorkflowJob> inNamespace,
      List<ObservedRunner> runners, Set<String> notWaiting) {
    Set<String> named = runnersOfInProgressJobs(inNamespace);
    long unattributed = runners.stream().filter(r -> !r.deleting() && r.busy() && !named.contains(r.name())).count();
    List<PendingJob> pending = new ArrayList<>(pending(matched).stream()
        .filter(job -> !notWaiting.contains(job.name())).toList());
    pending.sort(Comparator.comparing(PendingJob::queuedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(PendingJob::name));
    return pending.subList(0, (int) Math.max(0, pending.size() - unattributed));
  }

  private static Set<String> runnersOfInProgressJobs(Collection<WorkflowJob> jobs) {
    return jobs.stream()
        .filter(j -> j.getSpec() != null && JobState.IN_PROGRESS.is(j.getSpec().getState())
            && j.getSpec().getRunnerName() != null)
        .map(j -> j.getSpec().getRunnerName())
        .collect(Collectors.toSet());
  }

  /**
   * Records the pool and phase on each matched job, and marks jobs this pool no longer serves as Unmatched.
   *
   * @param formerlyMatched jobs whose status names this pool but which it no longer matches
   * @param finished jobs a still-queued check just found finished on GitHub, by name
   * @param runnerPools the pool of every Runner of the namespace, by Runner name
   * @param unassigned jobs the plan just stopped counting as demand, by name
   */
  public void syncStatus(RunnerPool pool, List<WorkflowJob> matched, List<WorkflowJob> formerlyMatched,
      Map<String, StillQueuedCheck.Outcome> finished, Map<String, String> runnerPools,
      Map<String, NotCounted> unassigned) {
    String poolName = pool.getMetadata().getName();
    List<Supplier<Void>> writes = new ArrayList<>();
    for (WorkflowJob job : matched) {
      StillQueuedCheck.Outcome verdict = finished.get(job.getMetadata().getName());
      NotCounted notCounted = unassigned.get(job.getMetadata().getName());
      WorkflowJobStatus desired;
      Runnable afterWritten = () -> { };
      if (verdict != null && verdict.verdict() == StillQueuedCheck.Verdict.FINISHED
          && JobState.QUEUED.is(job.getSpec().getState())) {
        desired = desired(job, poolName).withPhase(phase(JobState.COMPLETED.wireName(), verdict.conclusion()))
            .withMessage(verdict.message());
      } else if (settledOnGitHub(job)) {
        desired = new WorkflowJobStatus().withObservedGeneration(job.getMetadata().getGeneration())
            .withPool(poolName).withPhase(job.getStatus().getPhase()).withMessage(job.getStatus().getMessage());
      } else if (notCounted != null && JobState.QUEUED.is(job.getSpec().getState())) {
        desired = new WorkflowJobStatus().withObservedGeneration(job.getMetadata().getGeneration())
            .withPool(poolName).withPhase(UNASSIGNED).withMessage(notCounted.message());
        boolean first = !unassigned(job);
        afterWritten = () -> {
          if (first) {
            announceUnassigned(job, poolName, notCounted);
          }
        };
      } else if (unassigned(job)) {
        // Still queued and still not demand: keep saying why until a webhook moves the job on.
        desired = new WorkflowJobStatus().withObservedGeneration(job.getMetadata().getGeneration())
            .withPool(poolName).withPhase(UNASSIGNED).withMessage(job.getStatus().getMessage());
      } else {
        WorkflowJobStatus next = desired(job, poolName);
        desired = next;
        afterWritten = () -> countTakenRunner(job, next, runnerPools);
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
   * Deletes completed jobs older than the TTL (from completion; from creation for jobs settled by a still-queued
   * check, which have no completion time); returns when the next one expires.
   */
  public Optional<Duration> collectGarbage(List<WorkflowJob> matched, Instant now) {
    Instant next = null;
    for (WorkflowJob job : matched) {
      if (!JobState.COMPLETED.is(job.getSpec().getState()) && !settledOnGitHub(job)) {
        continue;
      }
      Instant completed = Optional.ofNullable(time(job.getSpec().getCompletedAt()))
          .orElse(Instant.parse(job.getMetadata().getCreationTimestamp()));
      Instant expiry = completed.plus(completedTtl);
      if (!expiry.isAfter(now)) {
        try {
          client.resource(job).delete();
          LOG.info("workflow job removed job={}/{} completedAt={}", job.getMetadata().getNamespace(),
              job.getMetadata().getName(), completed);
        } catch (KubernetesClientException e) {
          LOG.warn("workflow job not removed job={}/{} error=\"{}\"", job.getMetadata().getNamespace(),
              job.getMetadata().getName(), e.getMessage());
        }
      } else if (next == null || expiry.isBefore(next)) {
        next = expiry;
      }
    }
    return Optional.ofNullable(next).map(t -> Duration.between(now, t));
  }

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

  private static String phase(String state, String conclusion) {
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

  /** Why a queued job stops counting as demand, as its Event reason and status message say. */
  public record NotCounted(String reason, String message) {
  }

  /**
   * Says once, when its status first records it, that the job no longer counts: a Warning Event and the metric, so
   * that users see why.
   */
  private void announceUnassigned(WorkflowJob job, String poolName, NotCounted why) {
    events.warning(job, why.reason(), why.message());
    metrics.demandNotCounted(job.getMetadata().getNamespace(), poolName, why.reason());
    LOG.warn("queued job no longer counts as demand job={}/{} pool={} reason={}", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), poolName, why.reason());
  }

  /**
   * Counts a runner of another pool that GitHub gave this pool's job, once: when the job's status first names the
   * runner (the status written is the record that it was counted, so a restart does not count it again).
   */
  private void countTakenRunner(WorkflowJob job, WorkflowJobStatus desired, Map<String, String> runnerPools) {
    String before = job.getStatus() == null ? null : job.getStatus().getRunner();
    String taker = desired.getRunner() == null ? null : runnerPools.get(desired.getRunner());
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

  private static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static List<WorkflowJob> sortedByName(Collection<WorkflowJob> jobs) {
    List<WorkflowJob> sorted = new ArrayList<>(jobs);
    sorted.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
    return sorted;
  }
}
