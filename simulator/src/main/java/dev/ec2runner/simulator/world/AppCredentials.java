package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated world's GitHub App: what a RunnerPool's App Secret holds, and where its API is served.
 *
 * @param privateKeyPem the App's private key, PKCS#8 PEM
 * @param enterpriseToken the token that manages the scenario's enterprise runners, or null without enterprise pools
 */
public record AppCredentials(URI apiUrl, long appId, long installationId, Sensitive privateKeyPem,
    Sensitive enterpriseToken) {

  public GitHubAppCredentials toGitHubAppCredentials() {
    return new GitHubAppCredentials(apiUrl, appId, installationId, privateKeyPem, enterpriseToken);
  }

  /** The App Secret's {@code stringData}: {@code appId}, {@code installationId}, {@code privateKey} (and the token). */
  public Map<String, String> secretStringData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(dev.ec2runner.operator.github.AppCredentials.APP_ID, Long.toString(appId));
    data.put(dev.ec2runner.operator.github.AppCredentials.INSTALLATION_ID, Long.toString(installationId));
    data.put(dev.ec2runner.operator.github.AppCredentials.PRIVATE_KEY, privateKeyPem.reveal());
    if (enterpriseToken != null) {
      data.put(dev.ec2runner.operator.github.AppCredentials.ENTERPRISE_TOKEN, enterpriseToken.reveal());
    }
    return data;
  }

  @Override
  public String toString() {
    return "AppCredentials[apiUrl=" + apiUrl + ", appId=" + appId + ", installationId=" + installationId + "]";
  }
}
