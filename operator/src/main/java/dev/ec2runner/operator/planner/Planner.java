package dev.ec2runner.operator.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides how a pool scales: pure, deterministic, no clients and no clock of its own.
 *
 * <p>Demand is busy runners + pending jobs older than scaleUpDelay (less those GitHub evidently will not assign, see
 * {@link UnassignedDemand}) + the idle target (or the replicas floor when
 * higher); supply is idle + starting + busy runners. The pool creates {@code min(demand − supply, maxRunners −
 * total)}, where total counts every Runner that exists, including those being deleted. It deletes Failed and
 * finished Runners, replaces Runners stuck before registration past bootTimeout, and removes only idle runners above
 * the idle target that have run for minimumRunningTime and stayed idle past idleTimeout in two observations, oldest
 * first. A busy runner is never chosen.
 */
public final class Planner {

  private static final Comparator<ObservedRunner> OLDEST_FIRST =
      Comparator.comparing(ObservedRunner::startedAt).thenComparing(ObservedRunner::name);
  private static final Comparator<ObservedRunner> NEWEST_FIRST =
      Comparator.comparing(ObservedRunner::createdAt).reversed().thenComparing(ObservedRunner::name);

  private Planner() {
  }

  /**
   * Plans one reconcile of a pool.
   *
   * @param blocker a problem that stops launches, or null
   */
  public static Plan plan(PoolPolicy policy, List<ObservedRunner> runners, List<PendingJob> jobs,
      PoolBlocker blocker, Instant now) {
    List<ObservedRunner> sorted = runners.stream().sorted(Comparator.comparing(ObservedRunner::name)).toList();
    List<Deletion> deletions = new ArrayList<>();
    List<ObservedRunner> idle = new ArrayList<>();
    List<ObservedRunner> starting = new ArrayList<>();
    List<Instant> timers = new ArrayList<>();
    int busy = 0;
    int deleting = 0;
    for (ObservedRunner runner : sorted) {
      if (runner.deleting()) {
        deleting++;
      } else if (runner.busy() || runner.phase() == RunnerPhase.BUSY || runner.phase() == RunnerPhase.DRAINING) {
        busy++;
      } else if (runner.phase() == RunnerPhase.FAILED) {
        deletions.add(new Deletion(runner.name(), DeletionReason.FAILED));
      } else if (runner.phase() == RunnerPhase.TERMINATING) {
        deletions.add(new Deletion(runner.name(), DeletionReason.COMPLETED));
      } else if (runner.phase() == RunnerPhase.IDLE) {
        idle.add(runner);
      } else if (bootTimedOut(runner, policy, now)) {
        deletions.add(new Deletion(runner.name(), DeletionReason.BOOT_TIMEOUT));
      } else {
        starting.add(runner);
        if (runner.launchedAt() != null && !runner.registered()) {
          timers.add(runner.launchedAt().plus(policy.bootTimeout()));
        }
      }
    }

    List<PendingJob> delayed = new ArrayList<>();
    for (PendingJob job : jobs) {
      Instant countsFrom = job.queuedAt() == null ? now : job.queuedAt().plus(policy.scaleUpDelay());
      if (countsFrom.isAfter(now)) {
        timers.add(countsFrom);
      } else {
        delayed.add(job);
      }
    }
    UnassignedDemand.Split split = UnassignedDemand.split(delayed, idle, policy.unassignedDemandTimeout(), timers);
    List<PendingJob> eligible = split.counted();
    int idleTarget = policy.idleTarget(now);
    policy.nextWindowChange(now).ifPresent(timers::add);
    int demand = Math.max(busy + eligible.size() + idleTarget, policy.replicasFloor());
    int supply = idle.size() + starting.size() + busy;
    int total = sorted.size();
    int room = Math.max(0, policy.maxRunners() - total);
    int create = blocker != null ? 0 : Math.max(0, Math.min(demand - supply, room));

    removeIdleSurplus(policy, idle, supply - demand, deletions, timers, now);
    removeAboveCap(policy, sorted.size() - deleting - deletions.size(), starting, idle, deletions);

    List<Instant> queuedAt = demandQueuedAt(eligible, idle.size() + starting.size(), create);
    PoolCounts counts = new PoolCounts(total + create, starting.size() + create, idle.size(), busy,
        jobs.size() - split.unassigned().size());
    int unmet = Math.max(0, demand - supply - create);
    List<PlannedCondition> conditions = PoolConditions.of(blocker, sorted, unmet, total + create, policy.maxRunners());
    return new Plan(create, queuedAt, deletions, counts, conditions, recheck(timers, now), demand, supply, idleTarget,
        split.unassigned());
  }

  private static boolean bootTimedOut(ObservedRunner runner, PoolPolicy policy, Instant now) {
    return runner.phase().isStarting() && runner.launchedAt() != null && !runner.registered()
        && !now.isBefore(runner.launchedAt().plus(policy.bootTimeout()));
  }

  /** Idle runners above demand go, oldest first, once they have run long enough and stayed idle long enough. */
  private static void removeIdleSurplus(PoolPolicy policy, List<ObservedRunner> idle, int surplus,
      List<Deletion> deletions, List<Instant> timers, Instant now) {
    if (surplus <= 0) {
      return;
    }
    List<ObservedRunner> removable = new ArrayList<>();
    for (ObservedRunner runner : idle) {
      Instant ranLongEnough = runner.startedAt().plus(policy.minimumRunningTime());
      Instant idleLongEnough = runner.idleSince() == null ? null : runner.idleSince().plus(policy.idleTimeout());
      if (!runner.idleConfirmed() || idleLongEnough == null) {
        continue;
      }
      Instant eligibleAt = ranLongEnough.isAfter(idleLongEnough) ? ranLongEnough : idleLongEnough;
      if (eligibleAt.isAfter(now)) {
        timers.add(eligibleAt);
      } else {
        removable.add(runner);
      }
    }
    removable.stream().sorted(OLDEST_FIRST).limit(surplus)
        .forEach(r -> deletions.add(new Deletion(r.name(), DeletionReason.IDLE_TIMEOUT)));
  }

  /** After maxRunners was lowered: remove runners without a job, not-yet-registered ones first. */
  private static void removeAboveCap(PoolPolicy policy, int remaining, List<ObservedRunner> starting,
      List<ObservedRunner> idle, List<Deletion> deletions) {
    int excess = remaining - policy.maxRunners();
    if (excess <= 0) {
      return;
    }
    Set<String> chosen = new HashSet<>();
    deletions.forEach(d -> chosen.add(d.runnerName()));
    List<ObservedRunner> candidates = new ArrayList<>(starting.stream().sorted(NEWEST_FIRST).toList());
    candidates.addAll(idle.stream().sorted(OLDEST_FIRST).toList());
    for (ObservedRunner runner : candidates) {
      if (excess == 0) {
        return;
      }
      if (chosen.add(runner.name())) {
        deletions.add(new Deletion(runner.name(), DeletionReason.OVER_CAPACITY));
        excess--;
      }
    }
  }

  /** The jobs that existing idle and starting runners do not already cover, oldest first. */
  private static List<Instant> demandQueuedAt(List<PendingJob> eligible, int covered, int create) {
    return eligible.stream()
        .map(PendingJob::queuedAt)
        .filter(t -> t != null)
        .sorted()
        .skip(covered)
        .limit(create)
        .toList();
  }

  private static Optional<Duration> recheck(List<Instant> timers, Instant now) {
    return timers.stream().filter(t -> t.isAfter(now)).min(Instant::compareTo).map(t -> Duration.between(now, t));
  }
}
