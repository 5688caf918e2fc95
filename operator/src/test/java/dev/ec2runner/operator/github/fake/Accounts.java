package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.matching.PoolScope;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Who exists on the simulated GitHub and who may see what: Apps, installations, tokens, accounts, repositories. */
public final class Accounts {

  public record Installation(long id, long appId, Set<String> accounts) {
  }

  public record Token(long installationId, Instant expiresAt) {
  }

  public record Organization(long id, String login, String enterprise) {
  }

  public record Repository(long id, String fullName, String owner) {
  }

  public record Enterprise(long id, String slug) {
  }

  private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final SecureRandom random = new SecureRandom();
  private final Map<Long, PublicKey> apps = new HashMap<>();
  private final Map<Long, Installation> installations = new HashMap<>();
  private final Map<String, Token> tokens = new HashMap<>();
  private final Map<String, String> enterpriseTokens = new HashMap<>();
  private final Map<String, Organization> organizations = new HashMap<>();
  private final Map<String, Repository> repositories = new HashMap<>();
  private final Map<String, Enterprise> enterprises = new HashMap<>();
  private long nextId = 100_000;
  private Duration tokenLifetime = Duration.ofHours(1);

  /** How long the installation tokens issued from now on are valid. */
  public void issueTokensLasting(Duration lifetime) {
    tokenLifetime = lifetime;
  }

  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  public void registerApp(long appId, PublicKey key) {
    apps.put(appId, key);
  }

  public Optional<PublicKey> appKey(long appId) {
    return Optional.ofNullable(apps.get(appId));
  }

  public void addInstallation(long id, long appId, Set<String> accounts) {
    installations.put(id, new Installation(id, appId, accounts.stream().map(Accounts::lower)
        .collect(Collectors.toUnmodifiableSet())));
  }

  /** Lets the installation see the account's scopes too. */
  public void grant(long installationId, String account) {
    Installation installation = installations.get(installationId);
    Set<String> accounts = new java.util.HashSet<>(installation.accounts());
    accounts.add(lower(account));
    installations.put(installationId, new Installation(installationId, installation.appId(), Set.copyOf(accounts)));
  }

  public Optional<Installation> installation(long id) {
    return Optional.ofNullable(installations.get(id));
  }

  public String issueToken(long installationId, Instant now) {
    StringBuilder token = new StringBuilder("ghs_");
    for (int i = 0; i < 36; i++) {
      token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    tokens.put(token.toString(), new Token(installationId, now.plus(tokenLifetime)));
    return token.toString();
  }

  public Optional<Token> token(String value) {
    return Optional.ofNullable(tokens.get(value));
  }

  public void addEnterpriseToken(String token, String enterprise) {
    enterpriseTokens.put(token, lower(enterprise));
  }

  public Optional<String> enterpriseOfToken(String value) {
    return Optional.ofNullable(enterpriseTokens.get(value));
  }

  public void addEnterprise(String slug) {
    enterprises.putIfAbsent(lower(slug), new Enterprise(nextId++, slug));
  }

  public void addOrganization(String login, String enterprise) {
    organizations.put(lower(login), new Organization(nextId++, login, enterprise));
  }

  public void addRepository(String fullName) {
    int slash = fullName.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("repository must be owner/name: " + fullName);
    }
    repositories.put(lower(fullName), new Repository(nextId++, fullName, fullName.substring(0, slash)));
  }

  public Optional<Repository> repository(String fullName) {
    return Optional.ofNullable(repositories.get(lower(fullName)));
  }

  public Optional<Organization> organization(String login) {
    return Optional.ofNullable(organizations.get(lower(login)));
  }

  public Optional<Enterprise> enterprise(String slug) {
    return Optional.ofNullable(enterprises.get(lower(slug)));
  }

  /** The enterprise a repository's owner belongs to, or null. */
  public String enterpriseOf(Repository repository) {
    return organization(repository.owner()).map(Organization::enterprise).orElse(null);
  }

  /** Whether the installation may act on the scope (its account owns it); enterprises need an enterprise token. */
  public boolean sees(Installation installation, PoolScope scope) {
    return switch (scope.level()) {
      case ORGANIZATION -> installation.accounts().contains(lower(scope.name()));
      case REPOSITORY -> repository(scope.name()).map(r -> installation.accounts().contains(lower(r.owner())))
          .orElse(false);
      case ENTERPRISE -> false;
    };
  }

  /** The installation whose account owns the repository (the lowest id when several Apps are installed). */
  public Optional<Installation> installationFor(Repository repository) {
    return installations.values().stream()
        .filter(i -> i.accounts().contains(lower(repository.owner())))
        .min(java.util.Comparator.comparingLong(Installation::id));
  }

  /** Forgets issued installation tokens; Apps, installations and accounts stay. */
  public void clearTokens() {
    tokens.clear();
  }

  public static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
