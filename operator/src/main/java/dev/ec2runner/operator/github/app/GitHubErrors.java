package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.operator.github.GitHubException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Turns GitHub's error answers into typed {@link GitHubException}s; recognises both kinds of rate limiting. */
final class GitHubErrors {

  /** GitHub's advice when a secondary limit comes without headers: wait at least a minute. */
  static final Duration SECONDARY_LIMIT_DEFAULT = Duration.ofMinutes(1);
  private static final int MAX_MESSAGE = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private GitHubErrors() {
  }

  /**
   * How long to wait when the answer is a rate limit: {@code retry-after} (secondary limit) wins, then
   * {@code x-ratelimit-reset} when {@code x-ratelimit-remaining} is 0 (primary limit), then a minute for a 429 or a
   * 403 whose message names a secondary rate limit. Empty when the answer is no rate limit.
   */
  static Optional<Duration> throttling(ApiResponse response, Instant now) {
    if (response.status() != 403 && response.status() != 429) {
      return Optional.empty();
    }
    Optional<Long> retryAfter = response.header("retry-after").flatMap(GitHubErrors::parseLong);
    if (retryAfter.isPresent()) {
      return Optional.of(Duration.ofSeconds(Math.max(1, retryAfter.get())));
    }
    boolean exhausted = response.header("x-ratelimit-remaining").flatMap(GitHubErrors::parseLong)
        .map(remaining -> remaining == 0).orElse(false);
    Optional<Long> reset = response.header("x-ratelimit-reset").flatMap(GitHubErrors::parseLong);
    if (exhausted && reset.isPresent()) {
      Duration untilReset = Duration.between(now, Instant.ofEpochSecond(reset.get()));
      return Optional.of(untilReset.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : untilReset);
    }
    if (response.status() == 429 || message(response).toLowerCase(Locale.ROOT).contains("rate limit")) {
      return Optional.of(SECONDARY_LIMIT_DEFAULT);
    }
    return Optional.empty();
  }

  /** The typed exception for a non-success answer to {@code call} (e.g. {@code DELETE /orgs/acme/...}). */
  static GitHubException toException(String call, ApiResponse response, Instant now) {
    int status = response.status();
    String text = call + " answered " + status + describe(response);
    Optional<Duration> wait = throttling(response, now);
    if (wait.isPresent()) {
      return new GitHubException.Throttled(status, text + "; retry after " + wait.get().toSeconds() + "s",
          wait.get());
    }
    return switch (status) {
      case 401, 403 -> new GitHubException.Unauthorized(status, text);
      case 404 -> new GitHubException.NotFound(text);
      case 409 -> new GitHubException.Conflict(text);
      default -> new GitHubException(status, text);
    };
  }

  /** GitHub's short error message ({@code message} field), truncated; empty when the body has none. */
  static String message(ApiResponse response) {
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body != null && body.path("message").isTextual()) {
        String message = body.path("message").asText().strip();
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
      }
    } catch (IOException notJson) {
      // Proxies answer with HTML; the status alone then has to do.
    }
    return "";
  }

  private static String describe(ApiResponse response) {
    String message = message(response);
    return message.isEmpty() ? "" : ": " + message;
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
