package dev.ec2runner.api.matching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which GitHub scopes the RunnerPools of each namespace may serve: the installation's {@value #ENV}, read alike by
 * the operator and the webhook receiver.
 *
 * <p>Without it, whoever may create a RunnerPool in a watched namespace can register runners in, and so attract jobs
 * from, any organization, repository or enterprise the GitHub App is installed on. With it, a pool serves only if
 * its namespace is listed and one of the namespace's entries admits the pool's scope: an organization entry
 * ({@code acme}) admits organization pools of acme and repository pools of {@code acme/*}; a repository entry
 * ({@code acme/web}) admits repository pools of that repository; an enterprise entry ({@code enterprise:big})
 * admits enterprise pools of that enterprise. Names compare case-insensitively, as GitHub's do.
 *
 * <p>Written {@code namespace=entry,entry;namespace=entry}, e.g. {@code ci=acme;team-web=acme/web,acme/docs}.
 */
public final class NamespaceScopes {

  /** The environment variable both the operator and the receiver read. */
  public static final String ENV = "ALLOWED_SCOPES";

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String ENTERPRISE_PREFIX = "enterprise:";

  private static final NamespaceScopes UNRESTRICTED = new NamespaceScopes(Map.of());

  /** Allowed scopes by namespace; empty when every namespace may serve every scope. */
  private final Map<String, List<PoolScope>> byNamespace;

  private NamespaceScopes(Map<String, List<PoolScope>> byNamespace) {
    this.byNamespace = byNamespace;
  }

  /** Every namespace may serve every scope (no {@value #ENV}). */
  public static NamespaceScopes unrestricted() {
    return UNRESTRICTED;
  }

  /**
   * Reads the {@code namespace=entry,entry;…} form; null or blank means unrestricted.
   *
   * @throws IllegalArgumentException naming the part that cannot be read
   */
  public static NamespaceScopes parse(String text) {
    if (text == null || text.isBlank()) {
      return UNRESTRICTED;
    }
    Map<String, List<PoolScope>> byNamespace = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int equals = part.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(ENV + " part '" + part.strip() + "' has no '=': write namespace=scope,scope"
            + " (e.g. ci=acme;team-web=acme/web)");
      }
      String namespace = part.substring(0, equals).strip();
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw new IllegalArgumentException(ENV + " names '" + namespace + "', which is not a namespace name");
      }
      List<PoolScope> scopes = byNamespace.computeIfAbsent(namespace, ns -> new ArrayList<>());
      for (String entry : part.substring(equals + 1).split(",")) {
        if (!entry.isBlank()) {
          scopes.add(entry(entry.strip()));
        }
      }
    }
    byNamespace.replaceAll((namespace, scopes) -> List.copyOf(scopes));
    return new NamespaceScopes(Map.copyOf(byNamespace));
  }

  /** Whether every namespace may serve every scope. */
  public boolean unrestrictedScopes() {
    return byNamespace.isEmpty();
  }

  /** Whether a pool in the namespace may serve the scope. */
  public boolean allows(String namespace, PoolScope scope) {
    return byNamespace.isEmpty()
        || byNamespace.getOrDefault(namespace, List.of()).stream().anyMatch(entry -> admits(entry, scope));
  }

  /** Why a pool in the namespace may not serve the scope, for its condition and Event; empty if it may. */
  public Optional<String> refusal(String namespace, PoolScope scope) {
    if (allows(namespace, scope)) {
      return Optional.empty();
    }
    List<PoolScope> allowed = byNamespace.getOrDefault(namespace, List.of());
    String here = allowed.isEmpty() ? "it allows no scope for namespace " + namespace
        : "namespace " + namespace + " may serve only " + allowed.stream().map(PoolScope::display)
            .collect(Collectors.joining(", "));
    return Optional.of("pools in namespace " + namespace + " may not serve " + scope.level().name().toLowerCase(Locale.ROOT)
        + " " + scope.display() + ": the installation's allowed scopes (" + ENV + ", chart value allowedScopes) say "
        + here);
  }

  private static boolean admits(PoolScope entry, PoolScope scope) {
    if (entry.level() == scope.level()) {
      return entry.name().equalsIgnoreCase(scope.name());
    }
    return entry.level() == PoolScope.Level.ORGANIZATION && scope.level() == PoolScope.Level.REPOSITORY
        && scope.name().toLowerCase(Locale.ROOT).startsWith(entry.name().toLowerCase(Locale.ROOT) + "/");
  }

  private static PoolScope entry(String entry) {
    if (entry.regionMatches(true, 0, ENTERPRISE_PREFIX, 0, ENTERPRISE_PREFIX.length())) {
      return new PoolScope(PoolScope.Level.ENTERPRISE, name(entry, entry.substring(ENTERPRISE_PREFIX.length())));
    }
    String[] parts = entry.split("/", -1);
    if (parts.length == 1) {
      return new PoolScope(PoolScope.Level.ORGANIZATION, name(entry, parts[0]));
    }
    if (parts.length == 2) {
      name(entry, parts[0]);
      name(entry, parts[1]);
      return new PoolScope(PoolScope.Level.REPOSITORY, entry);
    }
    throw new IllegalArgumentException(ENV + " entry '" + entry + "' is not an organization (acme), a repository"
        + " (acme/web) or an enterprise (enterprise:slug)");
  }

  private static String name(String entry, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(ENV + " entry '" + entry + "' is not an organization (acme), a repository"
          + " (acme/web) or an enterprise (enterprise:slug)");
    }
    return name;
  }

  @Override
  public String toString() {
    return byNamespace.isEmpty() ? "(any namespace, any scope)" : byNamespace.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().stream().map(PoolScope::display).collect(Collectors.joining(",")))
        .sorted().collect(Collectors.joining(";"));
  }
}
