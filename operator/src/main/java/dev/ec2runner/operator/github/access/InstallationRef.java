package dev.ec2runner.operator.github.access;

/**
 * Which GitHub App installation a pool's client acts as, without any of its secrets. Pools sharing an installation
 * share its rate limit and its health.
 *
 * @param apiUrl the pool's {@code spec.github.apiUrl}, or empty for api.github.com
 */
public record InstallationRef(String apiUrl, long appId, long installationId) {

  public InstallationRef {
    apiUrl = apiUrl == null ? "" : apiUrl.strip();
  }

  /** The App itself (its webhook and delivery log are per App, not per installation). */
  public String appKey() {
    return (apiUrl.isEmpty() ? "api.github.com" : apiUrl) + "#" + appId;
  }

  public String display() {
    return "App " + appId + " installation " + installationId;
  }
}
