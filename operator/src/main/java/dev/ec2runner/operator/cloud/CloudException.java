package dev.ec2runner.operator.cloud;

import java.time.Duration;
import java.util.List;

/**
 * A failed cloud call, typed by what the caller should do about it. Messages are safe to show in conditions and
 * Events: they never carry credentials or runner configurations.
 */
public class CloudException extends Exception {

  public CloudException(String message) {
    super(message);
  }

  public CloudException(String message, Throwable cause) {
    super(message, cause);
  }

  /** No capacity for the offerings tried; mark them unavailable for a while and try others. */
  public static class InsufficientCapacity extends CloudException {
    private final List<Offering> offerings;

    public InsufficientCapacity(String message, List<Offering> offerings) {
      super(message);
      this.offerings = List.copyOf(offerings);
    }

    public List<Offering> offerings() {
      return offerings;
    }
  }

  /** The provider asked us to slow down; retry after the given delay. */
  public static class Throttled extends CloudException {
    private final Duration retryAfter;

    public Throttled(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /**
   * The cloud refuses the operator's own credentials (expired, revoked, or none could be loaded): every call fails
   * until they are renewed, whatever the pool. Not the pool's fault, and retrying soon will not help.
   */
  public static class CredentialsRefused extends CloudException {
    public CredentialsRefused(String message) {
      super(message);
    }
  }

  /** The pool's settings cannot work (unknown AMI, subnet, instance profile…); needs a spec or account change. */
  public static class InvalidConfiguration extends CloudException {
    public InvalidConfiguration(String message) {
      super(message);
    }
  }

  /**
   * The pool installs its runner from an S3 mirror that holds no archive for it yet: launching now would send an
   * instance to a key nobody wrote. Not a fault of the spec; the mirror's next housekeeping pass fills it.
   */
  public static class RunnerMirrorEmpty extends CloudException {
    public RunnerMirrorEmpty(String message) {
      super(message);
    }
  }
}
