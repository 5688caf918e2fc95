package dev.ec2runner.receiver;

import java.util.Locale;

/** How the receiver answered a request: the HTTP status and the name used in answers, logs and metrics. */
public enum Outcome {
  /** A WorkflowJob was created. */
  CREATED(202),
  /** An existing WorkflowJob took the event. */
  UPDATED(202),
  /** The event was already recorded (a duplicate, or a stale event with nothing new). */
  UNCHANGED(200),
  /** No RunnerPool serves the job (e.g. a GitHub-hosted ubuntu-latest job); nothing is recorded. */
  UNMATCHED(200),
  /** A well-formed delivery the receiver does not act on (another event, action or app). */
  IGNORED(200),
  /** GitHub's ping on webhook creation. */
  PONG(200),
  UNAUTHORIZED(401),
  MALFORMED(400),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  /** The body did not arrive in time. */
  TIMEOUT(408),
  TOO_LARGE(413),
  /** Neither JSON nor GitHub's form encoding. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** The delivery could not be stored now; GitHub records a failed delivery that can be redelivered. */
  UNAVAILABLE(503),
  ERROR(500);

  private final int status;

  Outcome(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The lower-case name used in answers, logs and metric tags. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
