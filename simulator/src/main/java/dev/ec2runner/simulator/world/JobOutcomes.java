package dev.ec2runner.simulator.world;

import dev.ec2runner.api.JobState;
import dev.ec2runner.operator.bootstrap.fake.JobRun;
import dev.ec2runner.operator.github.fake.SimulatedJob;
import dev.ec2runner.simulator.scenario.PlannedJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Folds GitHub's jobs, the workload plan and the agents' runs into one outcome per planned job. */
final class JobOutcomes {

  private JobOutcomes() {
  }

  static List<JobOutcome> of(List<PlannedJob> planned, Map<Long, WorkloadDriver.Queued> queuedByRun,
      Collection<SimulatedJob> githubJobs, Collection<JobRun> runs, Collection<Long> killedByGitHub) {
    Map<Long, List<SimulatedJob>> attemptsByRun = new HashMap<>();
    githubJobs.forEach(job -> attemptsByRun.computeIfAbsent(job.runId(), id -> new ArrayList<>()).add(job));
    Map<Long, JobRun> runByJob = new HashMap<>();
    runs.forEach(run -> runByJob.put(run.jobId(), run));
    Set<Long> killed = Set.copyOf(killedByGitHub);
    Map<Integer, WorkloadDriver.Queued> queuedBySequence = new HashMap<>();
    queuedByRun.values().forEach(q -> queuedBySequence.put(q.planned().sequence(), q));

    List<JobOutcome> outcomes = new ArrayList<>();
    for (PlannedJob job : planned) {
      WorkloadDriver.Queued queued = queuedBySequence.get(job.sequence());
      if (queued == null) {
        outcomes.add(new JobOutcome(job.sequence(), job.repository(), job.labels(), List.of(), null, null, null,
            null, null, 0, false));
        continue;
      }
      List<SimulatedJob> attempts = new ArrayList<>(attemptsByRun.getOrDefault(queued.runId(), List.of()));
      attempts.sort(Comparator.comparingInt(SimulatedJob::runAttempt).thenComparingLong(SimulatedJob::id));
      SimulatedJob deciding = attempts.stream().filter(JobOutcomes::succeeded).findFirst()
          .orElse(attempts.isEmpty() ? null : attempts.get(attempts.size() - 1));
      int killedAttempts = (int) attempts.stream().filter(a -> killed.contains(a.id())
          || (runByJob.containsKey(a.id()) && runByJob.get(a.id()).killed())).count();
      JobRun run = deciding == null ? null : runByJob.get(deciding.id());
      outcomes.add(new JobOutcome(job.sequence(), job.repository(), job.labels(),
          attempts.stream().map(SimulatedJob::id).toList(), queued.queuedAt(),
          deciding == null ? null : deciding.startedAt(), deciding == null ? null : deciding.completedAt(),
          deciding == null ? null : deciding.runnerName(), run == null ? null : run.instanceId(), killedAttempts,
          deciding != null && succeeded(deciding)));
    }
    return outcomes;
  }

  private static boolean succeeded(SimulatedJob job) {
    return JobState.COMPLETED.is(job.status()) && "success".equals(job.conclusion());
  }
}
