package dev.ec2runner.operator.planner;

/**
 * The pool's status counts after the plan is carried out.
 *
 * @param runners Runners that count against maxRunners (every existing one, deleting or not, plus those created)
 * @param booting Runners launched or launching but not yet registered
 * @param pendingJobs queued jobs matched to the pool
 */
public record PoolCounts(int runners, int booting, int idle, int busy, int pendingJobs) {
}
