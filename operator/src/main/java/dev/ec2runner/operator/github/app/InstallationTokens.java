package dev.ec2runner.operator.github.app;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Caches an installation's access token (GitHub issues them for one hour) and fetches a new one shortly before the
 * old one expires, so many calls cost one token request. Thread-safe; concurrent callers share one fetch.
 */
final class InstallationTokens {

  /** A freshly issued token. */
  record IssuedToken(Sensitive token, Instant expiresAt) {
  }

  /** Fetches a new token from GitHub. */
  @FunctionalInterface
  interface Source {
    IssuedToken issue() throws GitHubException;
  }

  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

  private final Source source;
  private final Clock clock;
  private IssuedToken current;

  InstallationTokens(Source source, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The {@code Authorization} header value for installation calls. */
  synchronized Sensitive authorization() throws GitHubException {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(current.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
      current = source.issue();
    }
    return Sensitive.of("Bearer " + current.token().reveal());
  }

  /** Forgets the token, e.g. after GitHub refused it (revoked, or the App's permissions changed). */
  synchronized void invalidate() {
    current = null;
  }
}
