package dev.ec2runner.operator.github;

import java.time.Instant;

/**
 * The REST rate limit of an installation as GitHub last reported it ({@code x-ratelimit-*} headers).
 *
 * @param observedAt when the answer carrying these numbers arrived
 */
public record RateLimitBudget(long limit, long remaining, Instant resetAt, Instant observedAt) {

  /** The share of the budget left, 0.0 to 1.0. */
  public double remainingFraction() {
    return limit <= 0 ? 0.0 : Math.min(1.0, (double) remaining / limit);
  }
}
