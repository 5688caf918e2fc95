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
  private String status = JobState.QUEUED.wireName();
  private String conclusion;
  private Instant startedAt;
  private Instant completedAt;
  private Long runnerId;
  private String runnerName;
  private Long runnerGroupId;
  private String runnerGroupName;

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

  /** Sets what GitHub reports of the job, without it running: for tests that make its WorkflowJob themselves. */
  public void report(String reportedStatus, String reportedConclusion) {
    status = reportedStatus;
    conclusion = reportedConclusion;
  }

  /** The runner took the job: in progress from {@code at}. */
  public void startOn(SimRunner runner, String groupName, Instant at) {
    status = JobState.IN_PROGRESS.wireName();
    startedAt = at;
    runnerId = runner.id;
    runnerName = runner.name;
    runnerGroupId = runner.groupId;
    runnerGroupName = groupName;
  }

  /** The job completed at {@code at} with this conclusion ({@code cancelled} included). */
  public void complete(String finalConclusion, Instant at) {
    status = JobState.COMPLETED.wireName();
    conclusion = finalConclusion;
    completedAt = at;
  }

  public String status() {
    return status;
  }

  public String conclusion() {
    return conclusion;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant completedAt() {
    return completedAt;
  }

  public Long runnerId() {
    return runnerId;
  }

  public String runnerName() {
    return runnerName;
  }

  public Long runnerGroupId() {
    return runnerGroupId;
  }

  public String runnerGroupName() {
    return runnerGroupName;
  }

  public SimulatedJob view() {
    return new SimulatedJob(id, runId, runAttempt, repository, labels, status, conclusion, runnerName, createdAt,
        startedAt, completedAt);
  }
}
