package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator's real GitHub adapter, aimed at the simulated GitHub for every pool. The pools themselves cannot say
 * so: {@code spec.github.apiUrl} only accepts https, and the simulated GitHub is plain HTTP on loopback.
 */
public final class WorldGitHubClients {

  private WorldGitHubClients() {
  }

  /**
   * Clients on the world's clock (the simulated GitHub issues tokens and checks App JWTs in simulated time) that
   * send every pool's calls to {@code apiUrl}.
   */
  public static GitHubClients pointingAt(URI apiUrl, Clock worldClock) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    AppGitHubClients clients = new AppGitHubClients(http, worldClock, GitHubCallListener.NONE);
    return (pool, credentials) -> clients.forPool(withApiUrl(pool, apiUrl), credentials);
  }

  /** A copy of the pool whose GitHub API is {@code apiUrl}; the pool in the cluster is not touched. */
  static RunnerPool withApiUrl(RunnerPool pool, URI apiUrl) {
    RunnerPool copy = Serialization.unmarshal(Serialization.asJson(pool), RunnerPool.class);
    copy.getSpec().getGithub().setApiUrl(apiUrl.toString());
    return copy;
  }
}
