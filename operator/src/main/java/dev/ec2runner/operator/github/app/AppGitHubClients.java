package dev.ec2runner.operator.github.app;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.InvalidAppCredentialsException;
import dev.ec2runner.operator.github.RateLimitBudget;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds one {@link AppGitHubRunners} per (API URL, App, installation) and reuses it, so its token, ETag and group
 * caches survive across reconciles. New credentials for the same installation (a rotated key) replace the client.
 */
public final class AppGitHubClients implements GitHubClients {

  private record Installation(URI apiUrl, long appId, long installationId) {
  }

  private record Entry(GitHubAppCredentials credentials, AppGitHubRunners client) {
  }

  private final HttpClient http;
  private final Clock clock;
  private final GitHubCallListener listener;
  private final Map<Installation, Entry> clients = new ConcurrentHashMap<>();

  public AppGitHubClients(HttpClient http, Clock clock, GitHubCallListener listener) {
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Clients on a shared HTTP/1.1 client with the system clock. */
  public static AppGitHubClients create(GitHubCallListener listener) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    return new AppGitHubClients(http, Clock.systemUTC(), listener);
  }

  /**
   * The last reported REST budget of every installation with a client, keyed {@code appId/installationId} (the
   * operator exports them as gauges and warns when one runs low).
   */
  public Map<String, RateLimitBudget> rateLimits() {
    Map<String, RateLimitBudget> budgets = new TreeMap<>();
    clients.forEach((installation, entry) -> entry.client().rateLimit().ifPresent(budget ->
        budgets.put(installation.appId() + "/" + installation.installationId(), budget)));
    return budgets;
  }

  @Override
  public GitHubInstallation forPool(RunnerPool pool, AppCredentials credentials) throws InvalidAppCredentialsException {
    try {
      return forApp(GitHubAppCredentials.of(credentials, pool.getSpec().getGithub().getApiUrl()));
    } catch (GitHubException unusable) {
      throw new InvalidAppCredentialsException(unusable.getMessage());
    }
  }

  /** The client of one installation; a bad key fails here with a message that never contains the key. */
  public AppGitHubRunners forApp(GitHubAppCredentials credentials) throws GitHubException {
    Installation key = new Installation(credentials.apiUrl(), credentials.appId(), credentials.installationId());
    Entry entry = clients.get(key);
    if (entry != null && entry.credentials().equals(credentials)) {
      return entry.client();
    }
    AppGitHubRunners client = AppGitHubRunners.create(credentials, http, clock, listener);
    clients.put(key, new Entry(credentials, client));
    return client;
  }
}
