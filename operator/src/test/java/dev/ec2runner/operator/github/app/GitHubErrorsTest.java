package dev.ec2runner.operator.github.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.github.GitHubException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubErrorsTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void secondaryLimitUsesRetryAfter() {
    var e = GitHubErrors.toException("GET /x", answer(403, Map.of("retry-after", "42"), "You have exceeded a "
        + "secondary rate limit"), NOW);

    assertThat(e).isInstanceOf(GitHubException.Throttled.class);
    assertThat(((GitHubException.Throttled) e).retryAfter()).isEqualTo(Duration.ofSeconds(42));
    assertThat(e.getMessage()).contains("GET /x answered 403", "secondary rate limit", "retry after 42s");
  }

  @Test
  void primaryLimitWaitsUntilReset() {
    var headers = Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 600));

    var e = GitHubErrors.toException("GET /x", answer(429, headers, "API rate limit exceeded"), NOW);

    assertThat(((GitHubException.Throttled) e).retryAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void resetInThePastStillWaitsASecond() {
    var headers = Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() - 5));

    assertThat(GitHubErrors.throttling(answer(403, headers, ""), NOW)).contains(Duration.ofSeconds(1));
  }

  @Test
  void bare429AndRateLimitMessagesWaitAMinute() {
    assertThat(GitHubErrors.throttling(answer(429, Map.of(), ""), NOW)).contains(Duration.ofMinutes(1));
    assertThat(GitHubErrors.throttling(answer(403, Map.of(), "secondary rate limit"), NOW))
        .contains(Duration.ofMinutes(1));
  }

  @Test
  void forbiddenWithoutLimitIsUnauthorized() {
    var e = GitHubErrors.toException("GET /x", answer(403, Map.of("x-ratelimit-remaining", "4000"),
        "Resource not accessible by integration"), NOW);

    assertThat(e).isInstanceOf(GitHubException.Unauthorized.class).hasMessageContaining("not accessible");
  }

  @Test
  void mapsStatusesToTypes() {
    assertThat(GitHubErrors.toException("c", answer(404, Map.of(), "Not Found"), NOW))
        .isInstanceOf(GitHubException.NotFound.class);
    assertThat(GitHubErrors.toException("c", answer(409, Map.of(), "Already exists"), NOW))
        .isInstanceOf(GitHubException.Conflict.class);
    assertThat(GitHubErrors.toException("c", answer(401, Map.of(), "Bad credentials"), NOW))
        .isInstanceOf(GitHubException.Unauthorized.class);
    var serverError = GitHubErrors.toException("c", answer(502, Map.of(), "<html>bad gateway</html>"), NOW);
    assertThat(serverError.status()).isEqualTo(502);
    assertThat(serverError.getMessage()).isEqualTo("c answered 502");
  }

  @Test
  void truncatesLongMessages() {
    String longMessage = "x".repeat(1000);

    assertThat(GitHubErrors.message(answer(500, Map.of(), longMessage))).hasSize(201);
  }

  private static ApiResponse answer(int status, Map<String, String> headers, String message) {
    Map<String, List<String>> multi = new java.util.HashMap<>();
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    String body = message.startsWith("<") ? message : "{\"message\":\"" + message + "\"}";
    return new ApiResponse(status, HttpHeaders.of(multi, (k, v) -> true), body.getBytes(StandardCharsets.UTF_8));
  }
}
