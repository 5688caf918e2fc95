package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import java.time.Duration;

/**
 * The result of one step of a Runner's reconcile: go on with the (possibly updated) Runner, or stop and retry later.
 *
 * @param retryAfter null to go on
 */
record Step(Runner runner, Duration retryAfter) {

  static Step proceed(Runner runner) {
    return new Step(runner, null);
  }

  static Step retry(Duration after) {
    return new Step(null, after);
  }

  boolean stopped() {
    return retryAfter != null;
  }
}
