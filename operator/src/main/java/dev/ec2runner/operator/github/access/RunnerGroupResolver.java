package dev.ec2runner.operator.github.access;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.GitHubApp;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.planner.PoolBlocker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a pool's {@code spec.github.runnerGroup} to the group's id for its JIT configurations, remembering the
 * answer per scope and group: a found group for ten minutes, a missing one for a minute (so creating it on GitHub is
 * noticed soon). Without a group the runners join the default group, id 1, and GitHub is not asked.
 */
public final class RunnerGroupResolver {

  public static final String RUNNER_GROUP_NOT_FOUND = "RunnerGroupNotFound";
  static final long DEFAULT_GROUP_ID = 1;
  static final Duration REMEMBER_FOUND = Duration.ofMinutes(10);
  static final Duration REMEMBER_MISSING = Duration.ofMinutes(1);

  /** The outcome of resolving a group. */
  public sealed interface Resolution permits Resolved, Missing, Unresolved {
  }

  public record Resolved(long groupId) implements Resolution {
  }

  /** The group does not exist: the pool must not launch until it does. */
  public record Missing(PoolBlocker blocker) implements Resolution {
  }

  /** GitHub could not answer now (rate limit, outage); try again later. */
  public record Unresolved(GitHubException error) implements Resolution {
  }

  private record Remembered(Resolution resolution, Instant until) {
  }

  private final Clock clock;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  public RunnerGroupResolver(Clock clock) {
    this.clock = clock;
  }

  public Resolution resolve(GitHubApp client, RunnerPool pool) {
    String group = pool.getSpec().getGithub().getRunnerGroup();
    if (group == null || group.isBlank() || "default".equalsIgnoreCase(group.strip())) {
      return new Resolved(DEFAULT_GROUP_ID);
    }
    PoolScope scope = PoolScope.of(pool.getSpec().getGithub());
    String key = scope.key() + "/" + group.strip().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Remembered known = remembered.get(key);
    if (known != null && now.isBefore(known.until())) {
      return known.resolution();
    }
    remembered.values().removeIf(r -> !now.isBefore(r.until()));
    try {
      long id = client.runnerGroupId(scope, group.strip());
      remembered.put(key, new Remembered(new Resolved(id), now.plus(REMEMBER_FOUND)));
      return new Resolved(id);
    } catch (GitHubException.NotFound e) {
      Missing missing = new Missing(new PoolBlocker(RUNNER_GROUP_NOT_FOUND, e.getMessage() + "; create the runner "
          + "group on GitHub (Settings → Actions → Runner groups) or correct spec.github.runnerGroup"));
      remembered.put(key, new Remembered(missing, now.plus(REMEMBER_MISSING)));
      return missing;
    } catch (GitHubException e) {
      return new Unresolved(e);
    }
  }
}
