package dev.ec2runner.operator.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the pool should do now.
 *
 * @param create Runners to create
 * @param demandQueuedAt queued times of the jobs the new Runners are for, oldest first (at most {@code create}
 *     entries; fewer when some are for the idle target), for the scale-up latency metric
 * @param deletions Runners to delete, with the reason for each
 * @param counts the status counts once the plan is carried out
 * @param conditions Ready, AtCapacity and LaunchFailing
 * @param recheckAfter when a time-based rule (scale-up delay, idle or boot timeout, idle window) next changes the
 *     plan, if ever
 * @param demand busy runners + pending jobs + idle target (or the replicas floor, if higher)
 * @param supply idle + starting + busy runners
 * @param unassigned queued jobs that stop counting as demand now: GitHub left them beside an idle runner of the pool
 *     for longer than unassignedDemandTimeout
 */
public record Plan(int create, List<Instant> demandQueuedAt, List<Deletion> deletions, PoolCounts counts,
    List<PlannedCondition> conditions, Optional<Duration> recheckAfter, int demand, int supply, int idleTarget,
    List<UnassignedJob> unassigned) {

  public Plan {
    unassigned = List.copyOf(unassigned);
    demandQueuedAt = List.copyOf(demandQueuedAt);
    deletions = List.copyOf(deletions);
    conditions = List.copyOf(conditions);
  }

  /** The planned condition of the type, if the plan sets it. */
  public Optional<PlannedCondition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
