package dev.ec2runner.operator.github.app;

import dev.ec2runner.api.InstanceArchitecture;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RunnerDownloads} from GitHub's {@code GET …/actions/runners/downloads} of the pool's scope (organization,
 * repository or enterprise), through the pool's App installation. The list is cached per API, App and scope for a
 * while: it changes only with a runner release. GitHub lists the current release only, with its checksums, so a
 * pool pinned to another version gets a clear error.
 */
public final class GitHubRunnerDownloads implements RunnerDownloads {

  /** How long a downloads list is reused. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** The App credentials a pool's {@code spec.github.appSecretRef} names. */
  @FunctionalInterface
  public interface CredentialsLookup {

    /**
     * @throws GitHubException the credentials cannot be read (their message is safe to show)
     * @throws IllegalArgumentException the Secret is malformed (the message names the key, never a value)
     */
    GitHubAppCredentials forPool(String namespace, RunnerPoolSpec spec) throws GitHubException;
  }

  private record Cached(JsonNode applications, Instant fetchedAt) {
  }

  private final AppGitHubClients clients;
  private final CredentialsLookup credentials;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public GitHubRunnerDownloads(AppGitHubClients clients, CredentialsLookup credentials, Clock clock, Duration ttl) {
    this.clients = clients;
    this.credentials = credentials;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public RunnerDownload find(String namespace, String pool, RunnerPoolSpec spec) throws CloudException {
    RunnerSettings runner = spec.getRunner() == null ? new RunnerSettings() : spec.getRunner();
    String os = runner.getOs() == null ? "linux" : runner.getOs();
    String architecture = InstanceArchitecture.ofPool(spec);
    PoolScope scope = PoolScope.of(spec.getGithub());
    JsonNode applications = applications(namespace, pool, spec, scope);
    List<String> offered = new ArrayList<>();
    for (JsonNode item : applications) {
      String itemOs = item.path("os").asText();
      String itemArchitecture = item.path("architecture").asText();
      offered.add(itemOs + "/" + itemArchitecture);
      if (os.equalsIgnoreCase(itemOs) && architecture.equalsIgnoreCase(itemArchitecture)) {
        return download(pool, runner.getVersion(), item);
      }
    }
    throw new CloudException("pool " + namespace + "/" + pool + ": GitHub offers no runner for " + os + "/"
        + architecture + " in " + scope.display() + " (offered: " + String.join(", ", offered) + ")");
  }

  private JsonNode applications(String namespace, String pool, RunnerPoolSpec spec, PoolScope scope)
      throws CloudException {
    try {
      GitHubAppCredentials app = credentials.forPool(namespace, spec);
      String key = app.apiUrl() + "|" + app.appId() + "|" + scope.key();
      Cached cached = cache.get(key);
      Instant now = clock.instant();
      if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
        return cached.applications();
      }
      JsonNode fresh = clients.forApp(app).runnerApplications(scope);
      cache.put(key, new Cached(fresh, now));
      return fresh;
    } catch (GitHubException.Throttled e) {
      throw new CloudException.Throttled("pool " + namespace + "/" + pool + ": listing runner downloads: "
          + e.getMessage(), e.retryAfter());
    } catch (GitHubException | IllegalArgumentException e) {
      throw new CloudException("pool " + namespace + "/" + pool + ": listing runner downloads: " + e.getMessage());
    }
  }

  private static RunnerDownload download(String pool, String version, JsonNode item) throws CloudException {
    String filename = item.path("filename").asText();
    if (version != null && !"latest".equals(version) && !filename.contains("-" + version + ".")) {
      throw new CloudException.InvalidConfiguration("pool " + pool + ": spec.runner.version pins " + version
          + ", but GitHub's runners/downloads offers only " + filename + " (the one it publishes a checksum for);"
          + " use version: latest or pin that release");
    }
    String sha256 = item.path("sha256_checksum").asText(null);
    if (sha256 == null || sha256.isBlank()) {
      throw new CloudException("pool " + pool + ": GitHub lists " + filename + " without a SHA-256 checksum;"
          + " instances refuse unverified archives");
    }
    try {
      return new RunnerDownload(item.path("os").asText(), item.path("architecture").asText(),
          item.path("download_url").asText(), filename, sha256);
    } catch (IllegalArgumentException e) {
      throw new CloudException("pool " + pool + ": GitHub's runner download entry is unusable: " + e.getMessage());
    }
  }
}
