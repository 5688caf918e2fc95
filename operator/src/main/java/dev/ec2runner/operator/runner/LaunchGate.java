package dev.ec2runner.operator.runner;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.planner.PoolBlocker;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a Runner's instance may be launched now. An instance costs money from its first second, so it is launched
 * only when it could be registered at once: the cloud takes the operator's credentials, the pool's App Secret and
 * runner group are usable, GitHub answers the installation, and its rate limit is not holding calls back.
 */
public final class LaunchGate {

  private final GitHubAccess gitHub;
  private final RunnerGroupResolver groups;
  private final CloudHealth cloudHealth;

  public LaunchGate(GitHubAccess gitHub, RunnerGroupResolver groups, CloudHealth cloudHealth) {
    this.gitHub = gitHub;
    this.groups = groups;
    this.cloudHealth = cloudHealth;
  }

  /**
   * What stops an instance launched now from registering: a cloud that refuses the credentials, an unusable App
   * Secret, a missing runner group, or an installation GitHub refuses or has not answered for a while. The first time
   * an installation is used it is asked once (a runner listing, answered 304 when nothing changed), so a wrong key
   * costs no instance.
   */
  Optional<PoolBlocker> blocker(RunnerPool pool) {
    Optional<PoolBlocker> cloudRefuses = cloudHealth.launchBlocker();
    if (cloudRefuses.isPresent()) {
      return cloudRefuses;
    }
    GitHubAccess.Result access = gitHub.forPool(pool);
    if (access instanceof GitHubAccess.Unavailable unavailable) {
      return Optional.of(unavailable.blocker());
    }
    GitHubAccess.Available available = (GitHubAccess.Available) access;
    if (gitHub.health().pausedFor(available.installation()).isEmpty()
        && groups.resolve(available.client(), pool) instanceof RunnerGroupResolver.Missing missing) {
      return Optional.of(missing.blocker());
    }
    if (!gitHub.health().heardFrom(available.installation())) {
      try {
        available.client().listRunners(PoolScope.of(pool.getSpec().getGithub()));
      } catch (GitHubException e) {
        // Recorded by the guarded client; the health below says what it means for launching.
      }
    }
    return gitHub.health().launchBlocker(available.installation());
  }

  /**
   * How long to hold back launches because GitHub rate-limited the pool's installation: an instance launched now
   * could not be registered before the limit resets.
   */
  Optional<Duration> pausedFor(RunnerPool pool) {
    return gitHub.forPool(pool) instanceof GitHubAccess.Available available
        ? gitHub.health().pausedFor(available.installation()) : Optional.empty();
  }
}
