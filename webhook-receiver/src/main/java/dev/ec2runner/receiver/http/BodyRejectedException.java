package dev.ec2runner.receiver.http;

import dev.ec2runner.receiver.Outcome;

/** A request body refused before it was read in full: too large, or too slow. */
final class BodyRejectedException extends Exception {

  private final Outcome outcome;

  BodyRejectedException(Outcome outcome, String message) {
    super(message, null, false, false);
    this.outcome = outcome;
  }

  Outcome outcome() {
    return outcome;
  }
}
