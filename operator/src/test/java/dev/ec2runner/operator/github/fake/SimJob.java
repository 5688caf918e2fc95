package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.JobState;
import java.time.Instant;
import java.util.List;

/** A workflow job on the simulated GitHub; mutated only under the {@link SimulatedGitHub} lock. */
public final class SimJob {

  public final long id;
  public final long runId;
  public final int runAttempt;
  public final String repository;
  public final List<String> labels;
  public final String name;
  public final String workflowName;
  public final String headSha;
  public final Instant createdAt;
  public String status = JobState.QUEUED.wireName();
  public String conclusion;
  public Instant startedAt;
  public Instant completedAt;
  public Long runnerId;
  public String runnerName;
  public Long runnerGroupId;
  public String runnerGroupName;

  public SimJob(long id, long runId, int runAttempt, String repository, List<String> labels, String name,
      String workflowName, String headSha, Instant createdAt) {
    this.id = id;
    this.runId = runId;
    this.runAttempt = runAttempt;
    this.repository = repository;
    this.labels = List.copyOf(labels);
    this.name = name;
    this.workflowName = workflowName;
    this.headSha = headSha;
    this.createdAt = createdAt;
  }

  public SimulatedJob view() {
    return new SimulatedJob(id, runId, runAttempt, repository, labels, status, conclusion, runnerName, createdAt,
        startedAt, completedAt);
  }
}
