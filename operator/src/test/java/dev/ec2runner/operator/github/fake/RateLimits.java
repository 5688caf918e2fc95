package dev.ec2runner.operator.github.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * GitHub's primary REST rate limit: a budget per credential (installation, App, token) per hour-long window. A call
 * answered 304 costs nothing, as on GitHub.
 */
public final class RateLimits {

  /** The state of one budget, as the {@code x-ratelimit-*} headers report it. */
  public record Budget(int limit, int used, Instant resetAt) {
    public int remaining() {
      return Math.max(0, limit - used);
    }
  }

  private static final Duration WINDOW = Duration.ofHours(1);

  private final Map<String, Budget> budgets = new HashMap<>();
  private int limit = 5000;

  /** The budget of each window from now on (GitHub's default for an installation is 5000 calls). */
  public void limitTo(int callsPerHour) {
    limit = callsPerHour;
  }

  public Budget peek(String bucket, Instant now) {
    Budget budget = budgets.get(bucket);
    if (budget == null || !now.isBefore(budget.resetAt())) {
      budget = new Budget(limit, 0, now.plus(WINDOW));
      budgets.put(bucket, budget);
    }
    return budget;
  }

  /** Sets a budget as if spent so far (tests of what a low budget does). */
  public void set(String bucket, Budget budget) {
    budgets.put(bucket, budget);
  }

  public Budget consume(String bucket, Instant now) {
    Budget budget = peek(bucket, now);
    Budget spent = new Budget(budget.limit(), budget.used() + 1, budget.resetAt());
    budgets.put(bucket, spent);
    return spent;
  }

  public void clear() {
    budgets.clear();
  }
}
