package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.RateLimitBudget;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticated calls to one GitHub API for one App installation: picks the credential each endpoint needs (App
 * JWT, installation token, or the enterprise token for enterprise runners), records the installation's rate-limit
 * budget and keeps pagination on GitHub's own origin so credentials never follow a link elsewhere.
 */
final class GitHubApi {

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI apiUrl;
  private final GitHubHttp http;
  private final AppJwt jwt;
  private final InstallationTokens tokens;
  private final Sensitive enterpriseToken;
  private final Clock clock;
  private volatile RateLimitBudget budget;

  GitHubApi(URI apiUrl, GitHubHttp http, AppJwt jwt, InstallationTokens.Source tokenSource,
      Sensitive enterpriseToken, Clock clock) {
    this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
    this.http = http;
    this.jwt = jwt;
    this.tokens = new InstallationTokens(tokenSource, clock);
    this.enterpriseToken = enterpriseToken;
    this.clock = clock;
  }

  URI uri(String pathAndQuery) {
    return URI.create(apiUrl + pathAndQuery);
  }

  Clock clock() {
    return clock;
  }

  Optional<RateLimitBudget> budget() {
    return Optional.ofNullable(budget);
  }

  /** A call authenticated as the App itself (JWT). */
  ApiResponse asApp(String method, String endpoint, URI uri, Object body) throws GitHubException {
    return http.send(new GitHubHttp.Call(method, endpoint, uri, jwt.authorization(), json(body), null));
  }

  /** A call on behalf of the installation; enterprise scopes use the enterprise token instead. */
  ApiResponse asInstallation(PoolScope scope, String method, String endpoint, URI uri, Object body,
      String ifNoneMatch) throws GitHubException {
    if (scope != null && scope.level() == PoolScope.Level.ENTERPRISE) {
      if (enterpriseToken == null) {
        throw new GitHubException.Unauthorized(0, "enterprise '" + scope.name() + "': GitHub does not let Apps "
            + "manage enterprise-level runners; add a personal access token with the manage_runners:enterprise "
            + "scope to the App Secret under key 'enterpriseToken'");
      }
      Sensitive authorization = Sensitive.of("Bearer " + enterpriseToken.reveal());
      return http.send(new GitHubHttp.Call(method, endpoint, uri, authorization, json(body), ifNoneMatch));
    }
    ApiResponse response = http.send(
        new GitHubHttp.Call(method, endpoint, uri, tokens.authorization(), json(body), ifNoneMatch));
    observeBudget(response);
    if (response.status() == 401) {
      tokens.invalidate();
    }
    return response;
  }

  /** Throws the typed exception for a non-2xx answer. */
  ApiResponse expectSuccess(String method, URI uri, ApiResponse response) throws GitHubException {
    if (!response.isSuccess()) {
      throw failure(method, uri, response);
    }
    return response;
  }

  GitHubException failure(String method, URI uri, ApiResponse response) {
    return GitHubErrors.toException(method + " " + uri.getRawPath(), response, clock.instant());
  }

  /** The next page from the Link header, if it stays on the configured API origin. */
  Optional<URI> nextPage(ApiResponse response) throws GitHubException {
    Optional<URI> next = LinkHeader.next(response.header("link"));
    if (next.isPresent() && !sameOrigin(next.get())) {
      throw new GitHubException(response.status(), "GitHub's pagination link points to another host ("
          + next.get().getHost() + "); refusing to send credentials there");
    }
    return next;
  }

  static JsonNode parse(ApiResponse response, String what) throws GitHubException {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new GitHubException(response.status(), "GitHub's answer to " + what + " is not JSON");
    }
  }

  private boolean sameOrigin(URI other) {
    return Objects.equals(apiUrl.getScheme(), other.getScheme()) && Objects.equals(apiUrl.getHost(), other.getHost())
        && apiUrl.getPort() == other.getPort();
  }

  private void observeBudget(ApiResponse response) {
    Optional<String> remaining = response.header("x-ratelimit-remaining");
    Optional<String> limit = response.header("x-ratelimit-limit");
    Optional<String> reset = response.header("x-ratelimit-reset");
    if (remaining.isEmpty() || limit.isEmpty() || reset.isEmpty()) {
      return;
    }
    try {
      budget = new RateLimitBudget(Long.parseLong(limit.get().strip()), Long.parseLong(remaining.get().strip()),
          Instant.ofEpochSecond(Long.parseLong(reset.get().strip())), clock.instant());
    } catch (NumberFormatException malformed) {
      // A proxy mangled the headers; keep the last good reading.
    }
  }

  private static byte[] json(Object body) throws GitHubException {
    if (body == null) {
      return null;
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new GitHubException("could not encode a request body as JSON", e);
    }
  }
}
