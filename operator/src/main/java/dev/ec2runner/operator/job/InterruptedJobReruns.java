package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reruns, once, a job {@link InterruptedJobMarker marked} as interrupted: its runner was lost while running it. The
 * pool asks GitHub to rerun the job when {@code spec.runner.rerunInterruptedJobs} is on (the default). Unless the
 * job's completion webhook said it failed, GitHub is asked for its outcome first: a job that ended well is left alone,
 * and one GitHub still shows running (it takes a few minutes to fail a job whose runner vanished) is asked about again
 * every minute, for at most {@link #GIVE_UP_AFTER}. The decision is recorded on the WorkflowJob (annotation
 * {@link #RERUN}), so no job is rerun twice.
 *
 * <p>The state kept in memory only paces the questions to GitHub: a restart that loses it costs at most more
 * questions, never a second rerun.
 */
public final class InterruptedJobReruns {

  private static final Logger LOG = LoggerFactory.getLogger(InterruptedJobReruns.class);
  /**
   * The rerun's outcome: requested, refused, disabled or not-needed. Its presence means the job is never rerun again;
   * it is the operator's documented record of the decision (docs/operations.md).
   */
  public static final String RERUN = ApiGroup.GROUP + "/rerun";
  static final Duration RETRY_EVERY = Duration.ofMinutes(1);
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(30);
  /** How long an unfinished interrupted job waits for its completion webhook before a rerun is requested. */
  static final Duration COMPLETION_GRACE = Duration.ofMinutes(2);

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  /** When this process first saw a mark without a readable time (edited by hand), by job UID: the grace's start. */
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  /** When GitHub was first asked about a job, by job UID: {@link #GIVE_UP_AFTER} counts from it. */
  private final Map<String, Instant> firstAttempt = new ConcurrentHashMap<>();
  /** When GitHub was last asked about a job, by job UID: the next question waits {@link #RETRY_EVERY}. */
  private final Map<String, Instant> lastAttempt = new ConcurrentHashMap<>();
  /**
   * Jobs this process decided, by UID, until the informer shows their {@link #RERUN} annotation (seconds, normally):
   * a reconcile that read the older copy would decide, and rerun, a second time.
   */
  private final Map<String, Instant> decided = new ConcurrentHashMap<>();

  public InterruptedJobReruns(EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** When the job was marked interrupted: from its mark, else when this process first saw the mark. */
  private Instant markedAt(WorkflowJob job, Map<String, String> annotations, Instant now) {
    return InterruptedJobMarker.markedAt(annotations)
        .orElseGet(() -> firstSeen.computeIfAbsent(job.getMetadata().getUid(), k -> now));
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
      Optional<String> lostRunner = InterruptedJobMarker.lostRunner(annotations);
      if (lostRunner.isEmpty() || annotations.containsKey(RERUN) || decided.containsKey(uid)) {
        continue;
      }
      if (!enabled) {
        decide(kubernetes, job, "disabled");
        continue;
      }
      boolean finished = JobState.COMPLETED.is(job.getSpec().getState());
      if (finished && InterruptedJobMarker.concludedWell(job.getSpec().getConclusion())) {
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
      if (!attempt(pool, client, kubernetes, job, lostRunner.get(), finished, now)) {
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
            && InterruptedJobMarker.concludedWell(status.get().conclusion())) {
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
    JobAnnotations.add(kubernetes, job, Map.of(RERUN, outcome));
  }
}
