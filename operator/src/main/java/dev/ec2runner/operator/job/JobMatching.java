package dev.ec2runner.operator.job;

import dev.ec2runner.api.matching.JobRequest;
import dev.ec2runner.api.matching.PoolMatcher;
import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Which pool of its namespace serves a WorkflowJob, as the shared {@link PoolMatcher} decides. */
public final class JobMatching {

  private JobMatching() {
  }

  /** The pool a job belongs to among the pools of its namespace (pools being deleted take no new jobs). */
  public static Optional<String> bestPool(WorkflowJob job, Collection<RunnerPool> pools) {
    return servingPool(job, offers(pools));
  }

  /**
   * The pool a job belongs to among the offers of its namespace's pools ({@link #offers}): for matching many jobs,
   * whose offers are then built once rather than once per job.
   */
  public static Optional<String> servingPool(WorkflowJob job, List<PoolOffer> offers) {
    if (job.getSpec() == null) {
      return Optional.empty();
    }
    return PoolMatcher.bestPool(JobRequest.of(job.getSpec()), offers).map(PoolOffer::name);
  }

  /** What the pools offer to jobs: those not being deleted and whose spec names a scope. */
  public static List<PoolOffer> offers(Collection<RunnerPool> pools) {
    return pools.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec() != null)
        .map(JobMatching::offer)
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<PoolOffer> offer(RunnerPool pool) {
    try {
      return Optional.of(PoolOffer.of(pool));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
