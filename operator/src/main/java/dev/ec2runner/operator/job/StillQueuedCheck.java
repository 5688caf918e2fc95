package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunners;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirms with GitHub that a job queued for longer than the threshold is still queued before it keeps counting as
 * demand: a job cancelled before it ran, whose completion webhook was lost, would otherwise hold capacity until its
 * WorkflowJob expires. The jobs of one run are checked with one call, each job at most once per threshold period and
 * at most {@value #MAX_CALLS_PER_ROUND} calls per pool reconcile. Checks are skipped while GitHub cannot be asked
 * (rate limit, low budget); an unchecked job keeps counting, so doubt never drops demand.
 */
public final class StillQueuedCheck {

  private static final Logger LOG = LoggerFactory.getLogger(StillQueuedCheck.class);
  static final int MAX_CALLS_PER_ROUND = 10;

  /** What GitHub said about a job. */
  public enum Verdict { QUEUED, RUNNING, FINISHED }

  /**
   * @param conclusion GitHub's conclusion of a finished job, or null when GitHub no longer knows the job
   */
  public record Outcome(Verdict verdict, String conclusion, String message) {
  }

  private record Checked(Instant at, Outcome outcome) {
  }

  /** The jobs of one run (or one job without a run id), checked together. */
  private record Batch(String repository, Long runId, List<WorkflowJob> jobs) {
  }

  private final Duration threshold;
  private final OperatorMetrics metrics;
  private final Map<String, Checked> checks = new ConcurrentHashMap<>();

  public StillQueuedCheck(Duration threshold, OperatorMetrics metrics) {
    this.threshold = threshold;
    this.metrics = metrics;
  }

  /**
   * Checks the due jobs among the pool's queued ones.
   *
   * @param mayCall false while GitHub must not be asked; remembered answers still apply
   * @return by WorkflowJob name, the jobs GitHub reports running or finished: they are not demand
   */
  public Map<String, Outcome> check(GitHubRunners client, boolean mayCall, List<WorkflowJob> queued, Instant now) {
    checks.values().removeIf(c -> c.at().isBefore(now.minus(threshold.multipliedBy(2))));
    Map<String, Outcome> notWaiting = new HashMap<>();
    Map<String, Batch> due = new LinkedHashMap<>();
    queued.stream().sorted(Comparator.comparing(j -> queuedAt(j).orElse(Instant.MIN))).forEach(job -> {
      Checked checked = checks.get(job.getMetadata().getUid());
      if (checked != null && checked.at().isAfter(now.minus(threshold))) {
        if (checked.outcome().verdict() != Verdict.QUEUED) {
          notWaiting.put(job.getMetadata().getName(), checked.outcome());
        }
      } else if (!queuedAt(job).orElse(now).isAfter(now.minus(threshold))) {
        Long runId = job.getSpec().getRunId();
        String key = job.getSpec().getRepository() + "#" + (runId == null ? "job" + job.getSpec().getJobId() : runId);
        due.computeIfAbsent(key, k -> new Batch(job.getSpec().getRepository(), runId, new ArrayList<>()))
            .jobs().add(job);
      }
    });
    if (!mayCall) {
      return notWaiting;
    }
    int calls = 0;
    for (Batch batch : due.values()) {
      if (calls++ >= MAX_CALLS_PER_ROUND) {
        break;
      }
      try {
        Map<Long, JobStatus> statuses = ask(client, batch);
        for (WorkflowJob job : batch.jobs()) {
          Outcome outcome = outcome(job, statuses.get(job.getSpec().getJobId()));
          checks.put(job.getMetadata().getUid(), new Checked(now, outcome));
          metrics.stillQueuedCheck(outcome.verdict().name().toLowerCase(Locale.ROOT));
          if (outcome.verdict() != Verdict.QUEUED) {
            notWaiting.put(job.getMetadata().getName(), outcome);
            LOG.info("queued job not waiting on GitHub job={}/{} verdict={} message=\"{}\"",
                job.getMetadata().getNamespace(), job.getMetadata().getName(), outcome.verdict(), outcome.message());
          }
        }
      } catch (GitHubException.Throttled e) {
        return notWaiting;
      } catch (GitHubException e) {
        // Counted as demand and asked again after the threshold: an outage must not turn into lost jobs.
        LOG.warn("still-queued check failed repository={} run={} error=\"{}\"", batch.repository(), batch.runId(),
            e.getMessage());
        batch.jobs().forEach(job -> checks.put(job.getMetadata().getUid(),
            new Checked(now, new Outcome(Verdict.QUEUED, null, "check failed"))));
      }
    }
    return notWaiting;
  }

  private static Map<Long, JobStatus> ask(GitHubRunners client, Batch batch) throws GitHubException {
    Map<Long, JobStatus> statuses = new HashMap<>();
    if (batch.runId() == null) {
      Long jobId = batch.jobs().get(0).getSpec().getJobId();
      client.jobStatus(batch.repository(), jobId).ifPresent(status -> statuses.put(jobId, status));
      return statuses;
    }
    try {
      client.jobsOfRun(batch.repository(), batch.runId()).forEach(status -> statuses.put(status.jobId(), status));
    } catch (GitHubException.NotFound gone) {
      // The run is gone (deleted, or older than GitHub keeps): none of its jobs waits for a runner.
    }
    return statuses;
  }

  private static Outcome outcome(WorkflowJob job, JobStatus status) {
    if (status == null) {
      return new Outcome(Verdict.FINISHED, null, "GitHub no longer knows job " + job.getSpec().getJobId()
          + " (deleted, or its run is gone); it no longer counts as demand");
    }
    if (status.isQueued()) {
      return new Outcome(Verdict.QUEUED, null, "still queued on GitHub");
    }
    if (JobState.COMPLETED.is(status.status())) {
      return new Outcome(Verdict.FINISHED, status.conclusion(), "GitHub reports the job completed (conclusion "
          + status.conclusion() + ") but its completed webhook never arrived; it no longer counts as demand");
    }
    return new Outcome(Verdict.RUNNING, null, "GitHub reports the job " + status.status()
        + (status.runnerName() == null ? "" : " on " + status.runnerName()) + "; its webhook never arrived");
  }

  private static Optional<Instant> queuedAt(WorkflowJob job) {
    String text = job.getSpec().getQueuedAt() != null ? job.getSpec().getQueuedAt()
        : job.getMetadata().getCreationTimestamp();
    try {
      return Optional.ofNullable(text).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
