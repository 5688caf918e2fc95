package dev.ec2runner.operator.github.fake;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.Random;

/** Injected failures: forced statuses for the next calls, throttling, and a random server-error rate. */
public final class FailureSwitches {

  /**
   * A failure for the next call to {@code endpoint} (any endpoint when null).
   *
   * @param retryAfter set for a throttle: the answer is 403 with {@code retry-after}
   */
  public record Forced(String endpoint, int status, Duration retryAfter) {
  }

  private final Deque<Forced> forced = new ArrayDeque<>();
  private Random random = new Random(0);
  private double serverErrorRate;
  private double throttleRate;
  private Random throttles = new Random(1);
  /** What a random secondary rate limit asks to wait (GitHub says a minute or more; short, in simulated time). */
  public static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(10);
  private Duration busyFlagLag = Duration.ZERO;

  /** How long after a runner takes a job the API still reports it idle (GitHub's lagging busy flag). */
  public void lagBusyFlagBy(Duration lag) {
    busyFlagLag = lag;
  }

  public Duration busyFlagLag() {
    return busyFlagLag;
  }

  public void add(Forced failure) {
    forced.add(failure);
  }

  public void serverErrorRate(double rate, long seed) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be between 0 and 1");
    }
    this.serverErrorRate = rate;
    this.random = new Random(seed);
  }

  public void throttleRate(double rate, long seed) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be between 0 and 1");
    }
    this.throttleRate = rate;
    this.throttles = new Random(seed);
  }

  /**
   * The failure for this call, consuming a forced one, or a random secondary rate limit or 5xx; empty when the
   * call goes through.
   */
  public Optional<Forced> next(String endpoint) {
    for (Iterator<Forced> it = forced.iterator(); it.hasNext(); ) {
      Forced failure = it.next();
      if (failure.endpoint() == null || failure.endpoint().equals(endpoint)) {
        it.remove();
        return Optional.of(failure);
      }
    }
    if (throttleRate > 0 && throttles.nextDouble() < throttleRate) {
      return Optional.of(new Forced(endpoint, 403, THROTTLE_RETRY_AFTER));
    }
    if (serverErrorRate > 0 && random.nextDouble() < serverErrorRate) {
      return Optional.of(new Forced(endpoint, 502, null));
    }
    return Optional.empty();
  }

  public void clear() {
    forced.clear();
    serverErrorRate = 0;
    throttleRate = 0;
    busyFlagLag = Duration.ZERO;
  }
}
