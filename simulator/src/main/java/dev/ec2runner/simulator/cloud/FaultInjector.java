package dev.ec2runner.simulator.cloud;

import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.fake.CallFault;
import java.time.Duration;
import java.util.Random;

/**
 * A scenario's EC2/SSM API faults for the fake cloud: throttling and internal errors at random, at the given rates,
 * from a seeded generator so runs repeat. Thread-safe.
 */
public final class FaultInjector implements CallFault {

  static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(1);

  private final Random random;
  private double throttleRate;
  private double apiErrorRate;

  public FaultInjector(long seed) {
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

  /** Throws, at the configured rates, as a throttled or failing API would. */
  @Override
  public synchronized void check(String action) throws CloudException {
    if (throttleRate > 0 && random.nextDouble() < throttleRate) {
      throw new CloudException.Throttled(action + " failed: RequestLimitExceeded (simulated)",
          THROTTLE_RETRY_AFTER);
    }
    if (apiErrorRate > 0 && random.nextDouble() < apiErrorRate) {
      throw new CloudException(action + " failed: InternalError (simulated)");
    }
  }
}
