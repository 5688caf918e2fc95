package dev.ec2runner.simulator.github;

import dev.ec2runner.api.JobState;
import java.time.Instant;
import java.util.List;

/** A workflow job on the simulated GitHub; mutated only under the {@link SimulatedGitHub} lock. */
final class SimJob {

  final long id;
  final long runId;
  final int runAttempt;
  final String repository;
  final List<String> labels;
  final String name;
  final String workflowName;
  final String headSha;
  final Instant createdAt;
  String status = JobState.QUEUED.wireName();
  String conclusion;
  Instant startedAt;
  Instant completedAt;
  Long runnerId;
  String runnerName;
  Long runnerGroupId;
  String runnerGroupName;

  SimJob(long id, long runId, int runAttempt, String repository, List<String> labels, String name,
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

  SimulatedJob view() {
    return new SimulatedJob(id, runId, runAttempt, repository, labels, status, conclusion, runnerName, createdAt,
        startedAt, completedAt);
  }
}
