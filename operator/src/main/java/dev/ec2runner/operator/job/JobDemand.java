package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.planner.ObservedRunner;
import dev.ec2runner.operator.planner.PendingJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which of a pool's WorkflowJobs are demand: the planner's pending jobs. */
public final class JobDemand {

  private JobDemand() {
  }

  /** Why a queued job stops counting as demand, as its Event reason and status message say. */
  public record NotCounted(String reason, String message) {
  }

  /** Queued jobs, as the planner's demand; jobs found unassigned once stay out of it. */
  static List<PendingJob> pending(List<WorkflowJob> matched) {
    return queued(matched).stream()
        .filter(j -> !JobStatuses.unassigned(j))
        .map(j -> new PendingJob(j.getMetadata().getName(), JobStatuses.time(j.getSpec().getQueuedAt())))
        .toList();
  }

  /** Jobs that are queued as far as the webhooks tell, and not found finished on GitHub by a still-queued check. */
  public static List<WorkflowJob> queued(List<WorkflowJob> matched) {
    return matched.stream()
        .filter(j -> JobState.QUEUED.is(j.getSpec().getState()) && !JobStatuses.settledOnGitHub(j)).toList();
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
}
