package dev.ec2runner.operator.planner;

import java.time.Instant;

/**
 * A queued job matched to the pool and not yet started.
 *
 * @param queuedAt when GitHub queued it, or null when unknown (counted at once)
 */
public record PendingJob(String name, Instant queuedAt) {
}
