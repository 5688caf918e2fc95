package dev.ec2runner.operator.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Separates queued jobs GitHub would have assigned by now from those it evidently will not.
 *
 * <p>GitHub gives a queued job to an idle runner with the job's labels within seconds. A job that has waited while
 * one of the pool's runners sat idle (idle in two observations, so GitHub's lagging busy flag cannot fake it) for
 * longer than unassignedDemandTimeout is one GitHub will not route to this pool: the repository may not use the
 * pool's runner group, or a policy refuses it. Counting it would keep an idle runner for it until GitHub cancels the
 * job after 24 hours, so it stops counting. The decision is for the controller to record on the job: it is not made
 * again, so the idle runner that proved it can go without the job turning back into demand.
 */
final class UnassignedDemand {

  /** The jobs that still count, and those that stopped counting now. */
  record Split(List<PendingJob> counted, List<UnassignedJob> unassigned) {
  }

  private UnassignedDemand() {
  }

  static Split split(List<PendingJob> eligible, List<ObservedRunner> idle, Duration timeout, List<Instant> timers) {
    Optional<Instant> idleSince = idle.stream().filter(ObservedRunner::idleConfirmed).map(ObservedRunner::idleSince)
        .min(Instant::compareTo);
    if (idleSince.isEmpty()) {
      return new Split(eligible, List.of());
    }
    Instant observedAt = idle.stream().filter(ObservedRunner::idleConfirmed).map(ObservedRunner::observedAt)
        .max(Instant::compareTo).orElseThrow();
    List<PendingJob> counted = new ArrayList<>();
    List<UnassignedJob> unassigned = new ArrayList<>();
    for (PendingJob job : eligible) {
      if (job.queuedAt() == null) {
        counted.add(job);
        continue;
      }
      // Since when a runner of the pool has been idle while this job waited.
      Instant together = job.queuedAt().isAfter(idleSince.get()) ? job.queuedAt() : idleSince.get();
      Instant expires = together.plus(timeout);
      if (!observedAt.isBefore(expires)) {
        unassigned.add(new UnassignedJob(job.name(), together, timeout));
      } else {
        counted.add(job);
        timers.add(expires);
      }
    }
    return new Split(counted, unassigned);
  }
}
