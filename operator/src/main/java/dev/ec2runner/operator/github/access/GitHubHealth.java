package dev.ec2runner.operator.github.access;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.planner.PoolBlocker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator last heard from each App installation: answering, rate-limited until when, refused, or not
 * reachable. Every pool client is {@link #guard guarded}: its calls report here, and while the installation is
 * rate-limited they fail at once instead of reaching GitHub (hammering a limited App prolongs the limit). Pools turn
 * the state into their {@code GitHubReachable} and {@code RateLimitLow} conditions.
 */
public final class GitHubHealth {

  public static final String GITHUB_REACHABLE = "GitHubReachable";
  public static final String RATE_LIMIT_LOW = "RateLimitLow";
  /** Below this share of the hourly budget a pool warns, and optional calls (still-queued checks) are skipped. */
  public static final double LOW_BUDGET = 0.10;
  /** The pause after a rate limit that named no delay. */
  static final Duration DEFAULT_PAUSE = Duration.ofMinutes(1);

  enum Reach { REACHABLE, RATE_LIMITED, UNREACHABLE, UNAUTHORIZED }

  /**
   * How long GitHub may fail to answer an installation before launches for it stop: long enough that a burst of
   * server errors never holds capacity back, short enough that a wrong {@code apiUrl} wastes one instance, not many.
   */
  public static final Duration UNREACHABLE_GRACE = Duration.ofMinutes(2);
  /** How long GitHub may fail to answer before the pool reports it unreachable. */
  static final Duration UNREACHABLE_REPORT_AFTER = Duration.ofSeconds(30);

  /** @param since when this run of failures began (the state before was different) */
  private record State(Reach reach, String message, Instant pausedUntil, Instant since) {
  }

  private final Clock clock;
  private final OperatorMetrics metrics;
  private final Map<InstallationRef, State> states = new ConcurrentHashMap<>();
  private final Map<InstallationRef, GitHubInstallation> clients = new ConcurrentHashMap<>();
  /** Installations GitHub has answered or refused at least once in this process. */
  private final Set<InstallationRef> heard = ConcurrentHashMap.newKeySet();

  public GitHubHealth(Clock clock, OperatorMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The client, reporting to this installation's state; the first client of an installation exports its budget. */
  public GitHubInstallation guard(InstallationRef installation, GitHubInstallation client) {
    if (clients.put(installation, client) == null) {
      metrics.gitHubRateLimit(installation.appId(), installation.installationId(), () -> budget(installation));
    }
    return new GuardedGitHubInstallation(client, installation, this);
  }

  /** How long calls for the installation stay paused by a rate limit; empty when they may go ahead. */
  public Optional<Duration> pausedFor(InstallationRef installation) {
    State state = states.get(installation);
    if (state == null || state.reach() != Reach.RATE_LIMITED) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), state.pausedUntil());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public Optional<RateLimitBudget> budget(InstallationRef installation) {
    GitHubInstallation client = clients.get(installation);
    return client == null ? Optional.empty() : client.rateLimit();
  }

  /** Whether less than {@link #LOW_BUDGET} of the installation's budget is left. */
  public boolean budgetLow(InstallationRef installation) {
    return budget(installation).map(b -> b.remainingFraction() < LOW_BUDGET).orElse(false);
  }

  /** Whether GitHub has answered (or refused) a call for the installation since the operator started. */
  public boolean heardFrom(InstallationRef installation) {
    return heard.contains(installation);
  }

  /**
   * Why an instance launched now for the installation could not register: GitHub refuses its credentials, or has
   * not answered for {@link #UNREACHABLE_GRACE}. Empty while launching makes sense.
   */
  public Optional<PoolBlocker> launchBlocker(InstallationRef installation) {
    State state = states.get(installation);
    if (state == null) {
      return Optional.empty();
    }
    if (state.reach() == Reach.UNAUTHORIZED) {
      return Optional.of(new PoolBlocker("GitHubUnauthorized", "no runner is launched while GitHub refuses the "
          + "credentials of " + installation.display() + ": " + state.message()));
    }
    if (state.reach() == Reach.UNREACHABLE && !clock.instant().isBefore(state.since().plus(UNREACHABLE_GRACE))) {
      return Optional.of(new PoolBlocker("GitHubUnreachable", "no runner is launched while GitHub does not answer "
          + "for " + installation.display() + " (since " + state.since() + "): " + state.message()));
    }
    return Optional.empty();
  }

  /** The pool conditions {@code GitHubReachable} and {@code RateLimitLow} for an installation. */
  public List<PlannedCondition> conditions(InstallationRef installation) {
    State state = states.getOrDefault(installation, new State(Reach.REACHABLE, null, null, null));
    PlannedCondition reachable = switch (state.reach()) {
      case REACHABLE -> new PlannedCondition(GITHUB_REACHABLE, true, "Reachable",
          "GitHub answers the calls of " + installation.display());
      case RATE_LIMITED -> new PlannedCondition(GITHUB_REACHABLE, false, "RateLimited", "GitHub rate-limited "
          + installation.display() + "; calls pause until " + state.pausedUntil() + " and queued jobs wait, none "
          + "is dropped: " + state.message());
      case UNREACHABLE -> clock.instant().isBefore(state.since().plus(UNREACHABLE_REPORT_AFTER))
          // A lone 5xx is retried, not an outage: no condition flip (and Warning) for each one.
          ? new PlannedCondition(GITHUB_REACHABLE, true, "Reachable", "GitHub answers the calls of "
              + installation.display() + "; the last one failed and is retried: " + state.message())
          : new PlannedCondition(GITHUB_REACHABLE, false, "Unreachable", "GitHub could not be reached for "
              + installation.display() + " since " + state.since() + ": " + state.message());
      case UNAUTHORIZED -> new PlannedCondition(GITHUB_REACHABLE, false, "Unauthorized", "GitHub refused the "
          + "credentials of " + installation.display() + " (check appId, installationId and privateKey in the App "
          + "Secret, and that the App is installed with the Actions and self-hosted runner permissions): "
          + state.message());
    };
    Optional<RateLimitBudget> budget = budget(installation);
    PlannedCondition low = budget.filter(b -> b.remainingFraction() < LOW_BUDGET)
        .map(b -> new PlannedCondition(RATE_LIMIT_LOW, true, "BudgetBelow10Percent", installation.display()
            + " has " + b.remaining() + " of " + b.limit() + " GitHub API calls left until " + b.resetAt()
            + "; still-queued checks are skipped until it recovers"))
        .orElseGet(() -> new PlannedCondition(RATE_LIMIT_LOW, false, "BudgetSufficient", budget
            .map(b -> b.remaining() + " of " + b.limit() + " GitHub API calls left until " + b.resetAt())
            .orElse("no rate limit reported yet")));
    return List.of(reachable, low);
  }

  void succeeded(InstallationRef installation) {
    heard.add(installation);
    states.remove(installation);
  }

  void failed(InstallationRef installation, GitHubException error) {
    String message = error.getMessage();
    heard.add(installation);
    if (error instanceof GitHubException.Throttled throttled) {
      Duration pause = throttled.retryAfter() == null ? DEFAULT_PAUSE : throttled.retryAfter();
      enter(installation, Reach.RATE_LIMITED, message, clock.instant().plus(pause));
    } else if (error instanceof GitHubException.Unauthorized) {
      enter(installation, Reach.UNAUTHORIZED, message, null);
    } else if (error.status() == 0 || error.status() >= 500) {
      enter(installation, Reach.UNREACHABLE, message, null);
    } else {
      // Not found, conflict, busy runner, refused rerun: GitHub answered, so it is reachable.
      states.remove(installation);
    }
  }

  /** Records the state, keeping when it began if the installation was in it already. */
  private void enter(InstallationRef installation, Reach reach, String message, Instant pausedUntil) {
    Instant now = clock.instant();
    states.compute(installation, (key, before) -> new State(reach, message, pausedUntil,
        before != null && before.reach() == reach ? before.since() : now));
  }
}
