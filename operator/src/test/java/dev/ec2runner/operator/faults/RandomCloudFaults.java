package dev.ec2runner.operator.faults;

import dev.ec2runner.operator.cloud.CloudException;
import java.time.Duration;
import java.util.Random;

/**
 * EC2/SSM API faults at random, for a {@link CallGate} in front of a cloud: throttling and internal errors at the
 * given rates on each cloud call, from a seeded generator so runs repeat. What a scenario's {@code apiThrottleRate}
 * and {@code apiErrorRate} do to the sandbox's cloud. Thread-safe.
 */
public final class RandomCloudFaults implements CallGate.Rule {

  static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(1);

  private final Random random;
  private double throttleRate;
  private double apiErrorRate;

  public RandomCloudFaults(long seed) {
    this.random = new Random(seed);
  }

  /** Probability of a throttling error on each call. */
  public synchronized void throttleRate(double rate) {
    this.throttleRate = probability(rate);
  }

  /** Probability of an internal error on each call. */
  public synchronized void apiErrorRate(double rate) {
    this.apiErrorRate = probability(rate);
  }

  private static double probability(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rates are probabilities between 0 and 1, was " + rate);
    }
    return rate;
  }

  /** Fails a cloud call, at the configured rates, as a throttled or failing API would; other calls pass. */
  @Override
  public synchronized void before(CallGate.Call call) throws CloudException {
    if (!call.mayThrow(CloudException.class)) {
      return;
    }
    if (throttleRate > 0 && random.nextDouble() < throttleRate) {
      throw new CloudException.Throttled(call.name() + " failed: RequestLimitExceeded (simulated)",
          THROTTLE_RETRY_AFTER);
    }
    if (apiErrorRate > 0 && random.nextDouble() < apiErrorRate) {
      throw new CloudException(call.name() + " failed: InternalError (simulated)");
    }
  }
}
