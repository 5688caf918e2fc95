package dev.ec2runner.api.matching;

import dev.ec2runner.api.v1alpha1.GitHubTarget;
import java.util.Locale;
import java.util.Objects;

/** The GitHub scope a pool registers its runners in, and so the repositories whose jobs it may take. */
public record PoolScope(Level level, String name) {

  /** Registration level, from narrowest to widest. */
  public enum Level {
    REPOSITORY, ORGANIZATION, ENTERPRISE
  }

  public PoolScope {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(name, "name");
  }

  /** The scope a pool's github section names; exactly one of its three fields is set (the schema enforces it). */
  public static PoolScope of(GitHubTarget github) {
    if (github == null) {
      throw new IllegalArgumentException("spec.github is required");
    }
    if (github.getRepository() != null) {
      return new PoolScope(Level.REPOSITORY, github.getRepository());
    }
    if (github.getOrganization() != null) {
      return new PoolScope(Level.ORGANIZATION, github.getOrganization());
    }
    if (github.getEnterprise() != null) {
      return new PoolScope(Level.ENTERPRISE, github.getEnterprise());
    }
    throw new IllegalArgumentException("spec.github sets none of organization, repository and enterprise");
  }

  /** Whether a job of this repository (owner/name), organization and enterprise can run in this scope. */
  public boolean covers(String repository, String organization, String enterprise) {
    return switch (level) {
      case REPOSITORY -> name.equalsIgnoreCase(repository);
      case ORGANIZATION -> name.equalsIgnoreCase(organization) || name.equalsIgnoreCase(ownerOf(repository));
      case ENTERPRISE -> name.equalsIgnoreCase(enterprise);
    };
  }

  /** The scope as shown in the pool's ORG/REPO column. */
  public String display() {
    return level == Level.ENTERPRISE ? "enterprise:" + name : name;
  }

  /** The key that identifies this scope's runner list on GitHub; scopes differing only in case are one. */
  public String key() {
    return level.name().toLowerCase(Locale.ROOT) + ":" + name.toLowerCase(Locale.ROOT);
  }

  private static String ownerOf(String repository) {
    if (repository == null) {
      return null;
    }
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }
}
