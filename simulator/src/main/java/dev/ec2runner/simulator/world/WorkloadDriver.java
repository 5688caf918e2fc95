package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.bootstrap.fake.JobRuntimes;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.SimulatedJob;
import dev.ec2runner.simulator.scenario.PlannedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues the workload's planned jobs on the simulated GitHub at their times (GitHub then sends each one's signed
 * {@code workflow_job queued} webhook) and remembers each run's planned runtime, which reruns of the job inherit.
 */
public final class WorkloadDriver implements JobRuntimes {

  /** A planned job as it was queued: its first GitHub job id and workflow run. */
  public record Queued(PlannedJob planned, long jobId, long runId, Instant queuedAt) {
  }

  private final SimulatedGitHub github;
  private final List<PlannedJob> jobs;
  private final Map<Long, Queued> byRun = new ConcurrentHashMap<>();

  public WorkloadDriver(SimulatedGitHub github, List<PlannedJob> jobs) {
    this.github = github;
    this.jobs = List.copyOf(jobs);
  }

  /** Schedules every planned job at {@code start} plus its offset. */
  public void schedule(WorldScheduler scheduler, Instant start) {
    for (PlannedJob job : jobs) {
      scheduler.at(start.plus(job.at()), "queue job " + job.sequence(), () -> queue(job));
    }
  }

  /** Queues one planned job now. */
  public Queued queue(PlannedJob job) {
    long jobId = github.queueJob(job.repository(), job.labels());
    SimulatedJob queued = github.job(jobId).orElseThrow();
    Queued entry = new Queued(job, jobId, queued.runId(), queued.createdAt());
    byRun.put(queued.runId(), entry);
    return entry;
  }

  public List<PlannedJob> planned() {
    return jobs;
  }

  /** The planned jobs queued so far, by workflow run id. */
  public Map<Long, Queued> queued() {
    return Map.copyOf(byRun);
  }

  public boolean allQueued() {
    return byRun.size() == jobs.size();
  }

  @Override
  public Optional<Duration> runtimeOf(SimulatedJob job) {
    return Optional.ofNullable(byRun.get(job.runId())).map(q -> q.planned().runtime());
  }
}
