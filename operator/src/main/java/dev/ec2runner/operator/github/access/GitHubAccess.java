package dev.ec2runner.operator.github.access;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.InvalidAppCredentialsException;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The GitHub client of each pool, made from the App Secret the pool names. Each Secret is read at most once per
 * refresh period, however many pools name it ({@link AppSecretReads}), and a pool's client is rebuilt only when its
 * Secret or API URL changes. A missing or invalid
 * Secret yields a {@link PoolBlocker} with reason {@code AppSecretInvalid} instead of an exception. A pool whose API
 * host the installation does not allow gets no client at all (reason {@code InvalidSpec}): the Secret is not even
 * read, so no JWT or token can reach that host. Nor does a pool whose GitHub scope its namespace may not serve
 * (reason {@code ScopeNotAllowed}, the installation's {@link NamespaceScopes}). Every client is guarded by the
 * {@link GitHubHealth} of its installation.
 */
public final class GitHubAccess {

  public static final String APP_SECRET_INVALID = "AppSecretInvalid";
  public static final String SCOPE_NOT_ALLOWED = "ScopeNotAllowed";

  /** Either a client or the reason there is none. */
  public sealed interface Result permits Available, Unavailable {
  }

  /** A client and the installation it acts as. */
  public record Available(GitHubInstallation client, InstallationRef installation) implements Result {
  }

  public record Unavailable(PoolBlocker blocker) implements Result {
  }

  /** A pool's result, and the Secret (name and version) and API URL it was made from. */
  private record Cached(String secretName, String secretVersion, String apiUrl, Result result) {
  }

  private final AppSecretReads secrets;
  private final GitHubClients clients;
  private final UnaryOperator<GitHubInstallation> decorator;
  private final GitHubHealth health;
  private final Set<String> allowedApiHosts;
  private final NamespaceScopes allowedScopes;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param decorator wraps each new client (metrics)
   * @param allowedApiHosts the GitHub API hosts pools may name in {@code spec.github.apiUrl}
   * @param allowedScopes the GitHub scopes each namespace's pools may serve
   */
  public GitHubAccess(KubernetesClient kubernetes, GitHubClients clients,
      UnaryOperator<GitHubInstallation> decorator, GitHubHealth health, Clock clock, Duration refreshPeriod,
      Set<String> allowedApiHosts, NamespaceScopes allowedScopes) {
    this.allowedApiHosts = Set.copyOf(allowedApiHosts);
    this.allowedScopes = allowedScopes;
    this.secrets = new AppSecretReads(kubernetes, clock, refreshPeriod);
    this.clients = clients;
    this.decorator = decorator;
    this.health = health;
  }

  public Result forPool(RunnerPool pool) {
    String namespace = pool.getMetadata().getNamespace();
    String key = namespace + "/" + pool.getMetadata().getName();
    String apiUrl = pool.getSpec().getGithub().getApiUrl();
    Optional<PoolBlocker> refused = PoolSpecCheck.apiHostBlocker(pool.getSpec().getGithub(), allowedApiHosts)
        .or(() -> scopeBlocker(pool));
    if (refused.isPresent()) {
      // Installation-wide work (webhook recovery) must not keep using a client this pool had before.
      cache.remove(key);
      return new Unavailable(refused.get());
    }
    var ref = pool.getSpec().getGithub().getAppSecretRef();
    if (ref == null || ref.getName() == null) {
      return remember(key, null, null, apiUrl, unavailable("spec.github.appSecretRef.name is not set"));
    }
    String secretName = ref.getName();
    AppSecretReads.Read read = secrets.read(namespace, secretName);
    if (read instanceof AppSecretReads.Failed failed) {
      return remember(key, secretName, null, apiUrl, unavailable("Secret " + secretName + " could not be read: HTTP "
          + failed.httpStatus() + " (does the operator's service account have get on secrets in " + namespace + "?)"));
    }
    if (!(read instanceof AppSecretReads.Found found)) {
      return remember(key, secretName, null, apiUrl, unavailable("Secret " + secretName + " not found in namespace "
          + namespace + "; create it with the keys appId, installationId and privateKey"));
    }
    Secret secret = found.secret();
    String version = secret.getMetadata().getResourceVersion();
    Cached cached = cache.get(key);
    if (cached != null && version.equals(cached.secretVersion()) && secretName.equals(cached.secretName())
        && Objects.equals(cached.apiUrl(), apiUrl)) {
      return cached.result();
    }
    Result result;
    try {
      AppCredentials credentials = AppCredentials.fromSecret(secret);
      InstallationRef installation = new InstallationRef(apiUrl, credentials.appId(), credentials.installationId());
      GitHubInstallation client = decorator.apply(clients.forPool(pool, credentials));
      result = new Available(health.guard(installation, client), installation);
    } catch (InvalidAppCredentialsException e) {
      result = unavailable(e.getMessage());
    }
    return remember(key, secretName, version, apiUrl, result);
  }

  /**
   * Whether the installation lets the pool serve its GitHub scope from its namespace. Jobs are matched only to such
   * pools, as the receiver matches them, so that a refused pool cannot take a job another pool could serve.
   */
  public boolean mayServe(RunnerPool pool) {
    return pool.getSpec() == null || pool.getSpec().getGithub() == null || scopeBlocker(pool).isEmpty();
  }

  private Optional<PoolBlocker> scopeBlocker(RunnerPool pool) {
    if (allowedScopes.unrestrictedScopes()) {
      return Optional.empty();
    }
    PoolScope scope;
    try {
      scope = PoolScope.of(pool.getSpec().getGithub());
    } catch (IllegalArgumentException invalid) {
      return Optional.empty(); // reported as InvalidSpec
    }
    return allowedScopes.refusal(pool.getMetadata().getNamespace(), scope)
        .map(message -> new PoolBlocker(SCOPE_NOT_ALLOWED, message));
  }

  /** One client of each installation the pools currently use (for App-wide work such as webhook recovery). */
  public Map<InstallationRef, GitHubInstallation> installations() {
    Map<InstallationRef, GitHubInstallation> installations = new HashMap<>();
    cache.values().forEach(cached -> {
      if (cached.result() instanceof Available available) {
        installations.putIfAbsent(available.installation(), available.client());
      }
    });
    return installations;
  }

  public GitHubHealth health() {
    return health;
  }

  /** Forgets a deleted pool's client. */
  public void forget(RunnerPool pool) {
    cache.remove(pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName());
  }

  private Result remember(String key, String secretName, String version, String apiUrl, Result result) {
    cache.put(key, new Cached(secretName, version, apiUrl, result));
    return result;
  }

  private static Unavailable unavailable(String message) {
    return new Unavailable(new PoolBlocker(APP_SECRET_INVALID, message));
  }
}
