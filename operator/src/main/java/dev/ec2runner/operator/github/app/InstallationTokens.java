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

  /** A token in use and when to replace it. */
  private record CachedToken(Sensitive token, Instant refreshAt) {
  }

  /** Fetches a new token from GitHub. */
  @FunctionalInterface
  interface Source {
    IssuedToken issue() throws GitHubException;
  }

  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
  /** However skewed the clocks, a token is used at least this long, so a skew never means a request per call. */
  static final Duration MIN_USE = Duration.ofMinutes(1);

  private final Source source;
  private final Clock clock;
  private CachedToken current;

  InstallationTokens(Source source, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The {@code Authorization} header value for installation calls. */
  synchronized Sensitive authorization() throws GitHubException {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(current.refreshAt())) {
      IssuedToken issued = source.issue();
      current = new CachedToken(issued.token(), refreshAt(now, issued.expiresAt()));
    }
    return Sensitive.of("Bearer " + current.token().reveal());
  }

  /**
   * Five minutes before expiry; but when our clock and GitHub's disagree so much that this is soon or past, half the
   * remaining lifetime, and never sooner than a minute.
   */
  static Instant refreshAt(Instant now, Instant expiresAt) {
    Duration lifetime = Duration.between(now, expiresAt);
    Duration use = lifetime.minus(REFRESH_BEFORE_EXPIRY);
    Duration half = lifetime.dividedBy(2);
    Duration chosen = use.compareTo(half) > 0 ? use : half;
    return now.plus(chosen.compareTo(MIN_USE) > 0 ? chosen : MIN_USE);
  }

  /** Forgets the token, e.g. after GitHub refused it (revoked, or the App's permissions changed). */
  synchronized void invalidate() {
    current = null;
  }
}
