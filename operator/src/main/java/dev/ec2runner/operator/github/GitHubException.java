package dev.ec2runner.operator.github;

import java.time.Duration;

/**
 * A failed GitHub call, typed by what the caller should do. Messages carry the HTTP status and GitHub's short
 * message, never tokens, keys or JIT configurations.
 */
public class GitHubException extends Exception {

  private final int status;

  public GitHubException(int status, String message) {
    super(message);
    this.status = status;
  }

  public GitHubException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status, or 0 when no answer came (connection failure). */
  public int status() {
    return status;
  }

  /** The runner is running a job: GitHub refuses to remove it (422). */
  public static class RunnerBusy extends GitHubException {
    public RunnerBusy(String message) {
      super(422, message);
    }
  }

  /** Rate limited (primary 403/429 with x-ratelimit-reset, or secondary with retry-after); retry later. */
  public static class Throttled extends GitHubException {
    private final Duration retryAfter;

    public Throttled(int status, String message, Duration retryAfter) {
      super(status, message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** The scope, group or job does not exist or the App cannot see it (404). */
  public static class NotFound extends GitHubException {
    public NotFound(String message) {
      super(404, message);
    }
  }

  /** A runner with that name already exists (409). */
  public static class Conflict extends GitHubException {
    public Conflict(String message) {
      super(409, message);
    }
  }

  /** The App's credentials were refused (401, or 403 without rate limiting). */
  public static class Unauthorized extends GitHubException {
    public Unauthorized(int status, String message) {
      super(status, message);
    }
  }
}
