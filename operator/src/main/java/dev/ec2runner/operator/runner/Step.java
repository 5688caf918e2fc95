package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import java.time.Duration;

/**
 * The result of one {@link RunnerStep}: go on with the (possibly updated) Runner, or stop and retry later.
 *
 * @param retryAfter null to go on
 */
public record Step(Runner runner, Duration retryAfter) {

  public static Step proceed(Runner runner) {
    return new Step(runner, null);
  }

  public static Step retry(Duration after) {
    return new Step(null, after);
  }

  public boolean stopped() {
    return retryAfter != null;
  }
}
