package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Snapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reruns, once, a job whose runner was lost while running it (spot interruption, instance failure). The Runner
 * controller (or {@link #noticeReclaimed}) marks the WorkflowJob with the lost runner's name; the pool then asks
 * GitHub to rerun the job when {@code spec.runner.rerunInterruptedJobs} is on (the default). Unless the job's
 * completion webhook said it failed, GitHub is asked for its outcome first: a job that ended well is left alone, and
 * one GitHub still shows running (it takes a few minutes to fail a job whose runner vanished) is asked about again
 * every minute, for at most {@link #GIVE_UP_AFTER}. The outcome is recorded on the WorkflowJob, so no job is rerun
 * twice.
 */
public final class InterruptedJobs {

  private static final Logger LOG = LoggerFactory.getLogger(InterruptedJobs.class);
  /** Names the runner that was lost while running the job. */
  static final String INTERRUPTED = ApiGroup.GROUP + "/interrupted-runner";
  /** When the runner was found lost; the completion grace counts from it, across operator restarts. */
  static final String INTERRUPTED_AT = ApiGroup.GROUP + "/interrupted-at";
  /** The rerun's outcome: requested, refused or disabled. Its presence means the job is never rerun again. */
  static final String RERUN = ApiGroup.GROUP + "/rerun";
  static final Duration RETRY_EVERY = Duration.ofMinutes(1);
  private static final int ANNOTATE_ATTEMPTS = 5;
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(30);

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  /** Conclusions that need no rerun. */
  private static final java.util.Set<String> CONCLUDED_WELL = java.util.Set.of("success", "skipped", "neutral");

  /** How long an unfinished interrupted job waits for its completion webhook before a rerun is requested. */
  static final Duration COMPLETION_GRACE = Duration.ofMinutes(2);

  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  private final Map<String, Instant> firstAttempt = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastAttempt = new ConcurrentHashMap<>();
  /** Decisions until the informer shows their annotation (seconds, normally). */
  private final Map<String, Instant> decided = new ConcurrentHashMap<>();

  public InterruptedJobs(EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Marks the job a lost runner was running, and when, unless it is marked already. */
  public static void markInterrupted(KubernetesClient client, WorkflowJob job, String runnerName, Instant now) {
    if (job.getMetadata().getAnnotations() != null && job.getMetadata().getAnnotations().containsKey(INTERRUPTED)) {
      return;
    }
    annotate(client, job, Map.of(INTERRUPTED, runnerName, INTERRUPTED_AT, now.toString()));
  }

  /** When the job was marked interrupted: from its annotation, else when this process first saw the mark. */
  private Instant markedAt(WorkflowJob job, Map<String, String> annotations, Instant now) {
    try {
      String at = annotations.get(INTERRUPTED_AT);
      if (at != null) {
        return Instant.parse(at);
      }
    } catch (java.time.format.DateTimeParseException e) {
      // Edited by hand: fall back to this process's own memory.
    }
    return firstSeen.computeIfAbsent(job.getMetadata().getUid(), k -> now);
  }

  /**
   * Marks the pool's jobs whose ephemeral runner's instance EC2 reclaimed (a spot interruption, a host failure) and
   * that did not end well, with a Warning naming the runner and the job. The Runner controller marks a job it sees
   * running when its instance goes; this catches the other order, where the job's failed completion arrives first
   * and the Runner has already been classed as finished. An ephemeral runner runs one job, so the job on a reclaimed
   * instance is the one it lost.
   */
  public void noticeReclaimed(RunnerPool pool, List<WorkflowJob> matched, Snapshot snapshot, KubernetesClient kubernetes) {
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
      boolean marked = job.getMetadata().getAnnotations() != null
          && job.getMetadata().getAnnotations().containsKey(INTERRUPTED);
      if (instance == null || marked || endedWell(job) || JobState.QUEUED.is(job.getSpec().getState())) {
        continue;
      }
      events.warning(job, "InstanceLost", "instance " + instance.instanceId() + " of runner "
          + job.getSpec().getRunnerName() + " was reclaimed by EC2 (spot interruption or host failure) while it ran job "
          + job.getSpec().getJobId() + " (" + job.getSpec().getName() + ") of " + job.getSpec().getRepository());
      metrics.runnerLost("InstanceLost");
      markInterrupted(kubernetes, job, job.getSpec().getRunnerName(), clock.instant());
    }
  }

  public static boolean endedWell(WorkflowJob job) {
    return JobState.COMPLETED.is(job.getSpec().getState()) && CONCLUDED_WELL.contains(job.getSpec().getConclusion());
  }

  /** Reruns the pool's interrupted jobs that have not been decided yet; stops at a rate limit. */
  public void rerun(RunnerPool pool, GitHubInstallation client, List<WorkflowJob> matched, KubernetesClient kubernetes,
      Instant now) {
    forgetOld(now);
    boolean enabled = pool.getSpec().getRunner() == null
        || !Boolean.FALSE.equals(pool.getSpec().getRunner().getRerunInterruptedJobs());
    for (WorkflowJob job : matched) {
      Map<String, String> annotations = job.getMetadata().getAnnotations() == null ? Map.of()
          : job.getMetadata().getAnnotations();
      String uid = job.getMetadata().getUid();
      if (!annotations.containsKey(INTERRUPTED) || annotations.containsKey(RERUN) || decided.containsKey(uid)) {
        continue;
      }
      if (!enabled) {
        decide(kubernetes, job, "disabled");
        continue;
      }
      boolean finished = JobState.COMPLETED.is(job.getSpec().getState());
      if (finished && CONCLUDED_WELL.contains(job.getSpec().getConclusion())) {
        // The job ended well before its instance went away (an ephemeral instance powers off after its job, and
        // the completed webhook can trail that): rerunning it would run a successful job twice.
        decide(kubernetes, job, "not-needed");
        continue;
      }
      if (!finished && now.isBefore(markedAt(job, annotations, now).plus(COMPLETION_GRACE))) {
        // Give the job's completed webhook time to arrive before asking: it may have ended well.
        continue;
      }
      Instant last = lastAttempt.get(uid);
      if (!finished && last != null && now.isBefore(last.plus(RETRY_EVERY))) {
        continue;
      }
      if (!attempt(pool, client, kubernetes, job, annotations.get(INTERRUPTED), finished, now)) {
        return;
      }
    }
  }

  /**
   * One rerun decision; false when GitHub rate-limited it (the rest wait too). Unless the job's completion webhook
   * already said it failed, GitHub is asked first: a job that in fact ended well (its webhooks lost, its runner
   * wrongly taken for lost) must not run twice, and GitHub reruns only finished jobs.
   */
  private boolean attempt(RunnerPool pool, GitHubInstallation client, KubernetesClient kubernetes, WorkflowJob job,
      String runner, boolean finished, Instant now) {
    String uid = job.getMetadata().getUid();
    firstAttempt.putIfAbsent(uid, now);
    lastAttempt.put(uid, now);
    String what = "job " + job.getSpec().getJobId() + " (" + job.getSpec().getName() + ") of "
        + job.getSpec().getRepository();
    try {
      if (!finished) {
        Optional<JobStatus> status = client.jobStatus(job.getSpec().getRepository(), job.getSpec().getJobId());
        if (status.isPresent() && JobState.COMPLETED.is(status.get().status())
            && CONCLUDED_WELL.contains(status.get().conclusion())) {
          decide(kubernetes, job, "not-needed");
          return true;
        }
        if (status.isPresent() && !JobState.COMPLETED.is(status.get().status())) {
          if (!now.isBefore(firstAttempt.get(uid).plus(GIVE_UP_AFTER))) {
            decide(kubernetes, job, "refused");
            events.warning(pool, "JobRerunRefused", "did not rerun " + what + " after its runner " + runner
                + " was lost: GitHub still reports it " + status.get().status() + " after "
                + GIVE_UP_AFTER.toMinutes() + " minutes; rerun it from the Actions tab if it failed");
          }
          // GitHub fails a job whose runner vanished after a few minutes; ask again then.
          return true;
        }
      }
      client.rerunJob(job.getSpec().getRepository(), job.getSpec().getJobId());
      decide(kubernetes, job, "requested");
      events.normal(pool, "JobRerun", "reran " + what + ": its runner " + runner + " was lost while running it");
      return true;
    } catch (GitHubException.Throttled e) {
      return false;
    } catch (GitHubException e) {
      boolean refused = e.status() == 403 || e.status() == 404;
      boolean givingUp = !now.isBefore(firstAttempt.get(uid).plus(GIVE_UP_AFTER));
      if ((refused && finished) || e.status() == 404 || givingUp) {
        decide(kubernetes, job, "refused");
        events.warning(pool, "JobRerunRefused", "could not rerun " + what + " after its runner " + runner
            + " was lost: " + e.getMessage() + "; rerun it from the Actions tab");
      } else {
        metrics.jobRerun("failed");
        LOG.info("interrupted job not rerun yet job={}/{} error=\"{}\"", job.getMetadata().getNamespace(),
            job.getMetadata().getName(), e.getMessage());
      }
      return true;
    }
  }

  private void forgetOld(Instant now) {
    firstAttempt.entrySet().removeIf(e -> e.getValue().isBefore(now.minus(GIVE_UP_AFTER.multipliedBy(2))));
    firstSeen.entrySet().removeIf(e -> e.getValue().isBefore(now.minus(GIVE_UP_AFTER.multipliedBy(2))));
    lastAttempt.keySet().retainAll(firstAttempt.keySet());
    decided.values().removeIf(at -> at.isBefore(now.minus(GIVE_UP_AFTER)));
  }

  private void decide(KubernetesClient kubernetes, WorkflowJob job, String outcome) {
    decided.put(job.getMetadata().getUid(), clock.instant());
    metrics.jobRerun(outcome);
    annotate(kubernetes, job, Map.of(RERUN, outcome));
  }

  /**
   * Adds annotations the job does not have yet. The receiver updates the same object as webhooks arrive, so a write
   * that lost the race (409) is read and tried again: a lost mark would be a lost rerun.
   */
  private static void annotate(KubernetesClient client, WorkflowJob job, Map<String, String> added) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(WorkflowJob.class).inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName()).edit(j -> {
              Map<String, String> annotations = j.getMetadata().getAnnotations() == null ? new HashMap<>()
                  : new HashMap<>(j.getMetadata().getAnnotations());
              added.forEach(annotations::putIfAbsent);
              j.getMetadata().setAnnotations(annotations);
              return j;
            });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < ANNOTATE_ATTEMPTS) {
          continue;
        }
        LOG.warn("workflow job not annotated job={}/{} annotation={} error=\"{}\"", job.getMetadata().getNamespace(),
            job.getMetadata().getName(), String.join(",", added.keySet()), e.getMessage());
        return;
      }
    }
  }
}
