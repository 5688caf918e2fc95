package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Exchanges the App JWT for an installation token ({@code POST /app/installations/{id}/access_tokens}). One direct
 * call: github-api's route ({@code getApp().getInstallationById(id).createToken()}) costs two more.
 */
final class InstallationTokenRequest implements InstallationTokens.Source {

  private static final String ENDPOINT = "POST /app/installations/{installation_id}/access_tokens";

  private final URI uri;
  private final long appId;
  private final long installationId;
  private final GitHubHttp http;
  private final AppJwt jwt;
  private final Clock clock;

  InstallationTokenRequest(URI apiUrl, long appId, long installationId, GitHubHttp http, AppJwt jwt, Clock clock) {
    this.uri = URI.create(apiUrl + "/app/installations/" + installationId + "/access_tokens");
    this.appId = appId;
    this.installationId = installationId;
    this.http = http;
    this.jwt = jwt;
    this.clock = clock;
  }

  @Override
  public InstallationTokens.IssuedToken issue() throws GitHubException {
    ApiResponse response = http.send(new GitHubHttp.Call("POST", ENDPOINT, uri, jwt.authorization(), null, null));
    if (!response.isSuccess()) {
      GitHubException failure = GitHubErrors.toException("POST " + uri.getRawPath(), response, clock.instant());
      if (failure instanceof GitHubException.Throttled || response.status() >= 500) {
        throw failure;
      }
      throw new GitHubException.Unauthorized(response.status(), "GitHub refused an installation token for App "
          + appId + ", installation " + installationId + " (" + failure.getMessage() + "); check the Secret's "
          + "appId and installationId, that the App is still installed, and that privateKey is a current key");
    }
    JsonNode json = GitHubApi.parse(response, "access_tokens");
    try {
      return new InstallationTokens.IssuedToken(Sensitive.of(json.path("token").asText()),
          Instant.parse(json.path("expires_at").asText()));
    } catch (DateTimeParseException e) {
      throw new GitHubException(response.status(), "GitHub's installation token has no valid expires_at");
    }
  }
}
