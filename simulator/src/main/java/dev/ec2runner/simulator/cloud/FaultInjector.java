package dev.ec2runner.simulator.cloud;

import dev.ec2runner.operator.cloud.CloudException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/** Failure switches of the simulated cloud: queued one-shot launch failures and random throttling and errors. */
final class FaultInjector {

  static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(1);

  private final long seed;
  private Random random;
  private final Deque<CloudException> nextLaunchFailures = new ArrayDeque<>();
  private double throttleRate;
  private double apiErrorRate;

  FaultInjector(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  void failNextLaunch(CloudException failure) {
    nextLaunchFailures.add(failure);
  }

  CloudException pollLaunchFailure() {
    return nextLaunchFailures.poll();
  }

  void throttleRate(double rate) {
    this.throttleRate = probability(rate);
  }

  void apiErrorRate(double rate) {
    this.apiErrorRate = probability(rate);
  }

  private static double probability(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rates are probabilities between 0 and 1, was " + rate);
    }
    return rate;
  }

  /** Throws, at the configured rates, as a throttled or failing API would. */
  void maybeFail(String action) throws CloudException {
    if (throttleRate > 0 && random.nextDouble() < throttleRate) {
      throw new CloudException.Throttled(action + " failed: RequestLimitExceeded (simulated)",
          THROTTLE_RETRY_AFTER);
    }
    if (apiErrorRate > 0 && random.nextDouble() < apiErrorRate) {
      throw new CloudException(action + " failed: InternalError (simulated)");
    }
  }

  void reset() {
    nextLaunchFailures.clear();
    throttleRate = 0;
    apiErrorRate = 0;
    random = new Random(seed);
  }
}
