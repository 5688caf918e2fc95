package dev.ec2runner.operator.pool;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubApp;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.planner.RunnerGroupAdmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks GitHub which repositories a pool's runner group admits, at most once a minute per scope and group (and the
 * listings are revalidated with ETags, so an unchanged answer costs no rate limit). When GitHub cannot answer, the
 * last answer stands, or every repository is admitted: doubt never drops demand.
 */
final class RunnerGroupAccess {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerGroupAccess.class);
  static final Duration REMEMBER = Duration.ofMinutes(1);

  private record Known(RunnerGroupAdmission admission, Instant at) {
  }

  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  RunnerGroupAccess(Clock clock) {
    this.clock = clock;
  }

  RunnerGroupAdmission admission(GitHubApp client, PoolScope scope, String groupName, long groupId) {
    String group = groupName == null || groupName.isBlank() ? "Default" : groupName.strip();
    if (scope.level() != PoolScope.Level.ORGANIZATION) {
      return RunnerGroupAdmission.all(group);
    }
    String key = scope.key() + "/" + groupId;
    Instant now = clock.instant();
    Known last = known.get(key);
    if (last != null && now.isBefore(last.at().plus(REMEMBER))) {
      return last.admission();
    }
    try {
      Optional<Set<String>> selected = client.runnerGroupRepositories(scope, groupId);
      RunnerGroupAdmission admission = new RunnerGroupAdmission(group, selected.orElse(null));
      known.put(key, new Known(admission, now));
      return admission;
    } catch (GitHubException e) {
      LOG.warn("runner group repository access unknown scope={} group={} error=\"{}\"", scope.display(), group,
          e.getMessage());
      return last != null ? last.admission() : RunnerGroupAdmission.all(group);
    }
  }
}
