package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.bootstrap.fake.JobRun;
import dev.ec2runner.simulator.world.JobOutcome;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Checks of a run's jobs against what the operator did: pure functions of the world's records. */
final class JobChecks {

  private JobChecks() {
  }

  /**
   * Jobs that died because their busy instance was terminated by whatever scales the fleet: killed runs on
   * instances that were not interrupted (spot) and whose registration was not deleted (that case is reported by the
   * world itself).
   */
  static List<String> busyInstancesTerminated(Collection<JobRun> runs, Collection<String> interruptedInstances,
      Collection<Long> killedByRegistrationDeletes) {
    Set<String> interrupted = Set.copyOf(interruptedInstances);
    Set<Long> deleted = Set.copyOf(killedByRegistrationDeletes);
    List<String> violations = new ArrayList<>();
    for (JobRun run : runs) {
      if (run.killed() && !interrupted.contains(run.instanceId()) && !deleted.contains(run.jobId())) {
        violations.add("job " + run.jobId() + " was killed when its busy instance " + run.instanceId()
            + " (runner " + run.runnerName() + ") was terminated");
      }
    }
    return violations;
  }

  /**
   * Latest attempts of unserved jobs that died with an interrupted (reclaimed) instance: the operator owes each a
   * rerun decision, and a run is not over while one is still to come (the rerun is a new queued job). Jobs killed
   * otherwise are violations, reported by {@link #busyInstancesTerminated} and the world.
   */
  static List<Long> lostLatestAttempts(Collection<JobOutcome> outcomes, Collection<JobRun> runs,
      Collection<String> interruptedInstances) {
    Set<String> interrupted = Set.copyOf(interruptedInstances);
    Set<Long> killed = new HashSet<>();
    runs.stream().filter(run -> run.killed() && interrupted.contains(run.instanceId()))
        .forEach(run -> killed.add(run.jobId()));
    List<Long> lost = new ArrayList<>();
    for (JobOutcome outcome : outcomes) {
      if (!outcome.served() && !outcome.jobIds().isEmpty()) {
        long latest = outcome.jobIds().get(outcome.jobIds().size() - 1);
        if (killed.contains(latest)) {
          lost.add(latest);
        }
      }
    }
    return lost;
  }

  /** Each unserved job with the Events that name one of its job ids or the runner of its last attempt. */
  static List<FailedJob> failedJobs(Collection<JobOutcome> outcomes, Collection<Event> events) {
    List<FailedJob> failed = new ArrayList<>();
    for (JobOutcome outcome : outcomes) {
      if (outcome.served()) {
        continue;
      }
      List<FailedJob.Note> about = events.stream().filter(event -> names(event, outcome))
          .sorted(java.util.Comparator.comparing(JobChecks::time))
          .map(event -> new FailedJob.Note(event.getType(), event.getReason(), event.getMessage())).distinct()
          .toList();
      failed.add(new FailedJob(outcome.sequence(), outcome.repository(), outcome.jobIds(), outcome.runnerName(),
          about));
    }
    return failed;
  }

  /**
   * Queued jobs the operator stopped counting as demand, by reason: the WorkflowJobs given a Warning Event with one of
   * the reasons, each job once.
   */
  static Map<String, Integer> notCountedAsDemand(Collection<Event> events, Set<String> reasons) {
    Map<String, Set<String>> jobs = new TreeMap<>();
    for (Event event : events) {
      if ("Warning".equals(event.getType()) && reasons.contains(event.getReason()) && event.getInvolvedObject() != null
          && "WorkflowJob".equals(event.getInvolvedObject().getKind())) {
        jobs.computeIfAbsent(event.getReason(), r -> new TreeSet<>()).add(event.getInvolvedObject().getName());
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    jobs.forEach((reason, names) -> counts.put(reason, names.size()));
    return counts;
  }

  private static String time(Event event) {
    String time = event.getLastTimestamp() != null ? event.getLastTimestamp() : event.getFirstTimestamp();
    return time == null ? "" : time;
  }

  private static boolean names(Event event, JobOutcome outcome) {
    String object = event.getInvolvedObject() == null ? null : event.getInvolvedObject().getName();
    String message = event.getMessage() == null ? "" : event.getMessage();
    if (outcome.runnerName() != null
        && (outcome.runnerName().equals(object) || message.contains(outcome.runnerName()))) {
      return true;
    }
    for (Long jobId : outcome.jobIds()) {
      if (("job-" + jobId).equals(object) || message.matches(".*\\b" + jobId + "\\b.*")) {
        return true;
      }
    }
    return false;
  }
}
