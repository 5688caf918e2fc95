package dev.ec2runner.operator.github;

import dev.ec2runner.operator.Sensitive;
import java.net.URI;
import java.util.Objects;

/**
 * How to act as one installation of a GitHub App.
 *
 * @param apiUrl {@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub Enterprise Server
 * @param privateKey the App's PEM private key (PKCS#1 {@code BEGIN RSA PRIVATE KEY} as GitHub issues it, or PKCS#8)
 * @param enterpriseToken a personal access token with {@code manage_runners:enterprise}, or null: GitHub does not
 *     let Apps manage enterprise-level runners, so enterprise pools need it (Secret key {@code enterpriseToken})
 */
public record GitHubAppCredentials(URI apiUrl, long appId, long installationId, Sensitive privateKey,
    Sensitive enterpriseToken) {

  public static final URI PUBLIC_API = URI.create("https://api.github.com");

  public GitHubAppCredentials {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(privateKey, "privateKey");
    String url = apiUrl.toString();
    apiUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  public GitHubAppCredentials(URI apiUrl, long appId, long installationId, Sensitive privateKey) {
    this(apiUrl, appId, installationId, privateKey, null);
  }

  /** The credentials a pool's client uses: its Secret's, at its {@code spec.github.apiUrl} (or api.github.com). */
  public static GitHubAppCredentials of(AppCredentials credentials, String apiUrl) {
    URI api = apiUrl == null || apiUrl.isBlank() ? PUBLIC_API : URI.create(apiUrl.strip());
    return new GitHubAppCredentials(api, credentials.appId(), credentials.installationId(), credentials.privateKey(),
        credentials.enterpriseToken());
  }
}
