package dev.ec2runner.operator.github.access;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.github.RegistrationToken;
import dev.ec2runner.operator.github.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pool's client as {@link GitHubHealth} watches it: each outcome is reported, and while the installation is
 * rate-limited every call fails at once with {@link GitHubException.Throttled} carrying the time left.
 */
final class GuardedGitHubInstallation implements GitHubInstallation {

  private final GitHubInstallation delegate;
  private final InstallationRef installation;
  private final GitHubHealth health;

  GuardedGitHubInstallation(GitHubInstallation delegate, InstallationRef installation, GitHubHealth health) {
    this.delegate = delegate;
    this.installation = installation;
    this.health = health;
  }

  @Override
  public JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException {
    return call(() -> delegate.createJitConfig(scope, request));
  }

  @Override
  public List<GitHubRunner> listRunners(PoolScope scope) throws GitHubException {
    return call(() -> delegate.listRunners(scope));
  }

  @Override
  public void deleteRunner(PoolScope scope, long runnerId) throws GitHubException {
    call(() -> {
      delegate.deleteRunner(scope, runnerId);
      return null;
    });
  }

  @Override
  public Optional<JobStatus> jobStatus(String repository, long jobId) throws GitHubException {
    return call(() -> delegate.jobStatus(repository, jobId));
  }

  @Override
  public List<JobStatus> jobsOfRun(String repository, long runId) throws GitHubException {
    return call(() -> delegate.jobsOfRun(repository, runId));
  }

  @Override
  public long runnerGroupId(PoolScope scope, String groupName) throws GitHubException {
    return call(() -> delegate.runnerGroupId(scope, groupName));
  }

  @Override
  public Optional<Set<String>> runnerGroupRepositories(PoolScope scope, long groupId) throws GitHubException {
    return call(() -> delegate.runnerGroupRepositories(scope, groupId));
  }

  @Override
  public RegistrationToken registrationToken(PoolScope scope) throws GitHubException {
    return call(() -> delegate.registrationToken(scope));
  }

  @Override
  public void rerunJob(String repository, long jobId) throws GitHubException {
    call(() -> {
      delegate.rerunJob(repository, jobId);
      return null;
    });
  }

  @Override
  public List<WebhookDelivery> failedDeliveries(Instant since) throws GitHubException {
    return call(() -> delegate.failedDeliveries(since));
  }

  @Override
  public void redeliver(long deliveryId) throws GitHubException {
    call(() -> {
      delegate.redeliver(deliveryId);
      return null;
    });
  }

  @Override
  public Optional<RateLimitBudget> rateLimit() {
    return delegate.rateLimit();
  }

  private <T> T call(GitHubCall<T> call) throws GitHubException {
    Optional<Duration> paused = health.pausedFor(installation);
    if (paused.isPresent()) {
      throw new GitHubException.Throttled(429, "calls of " + installation.display() + " are paused for "
          + paused.get().toSeconds() + "s after GitHub's rate limit", paused.get());
    }
    try {
      T result = call.run();
      health.succeeded(installation);
      return result;
    } catch (GitHubException e) {
      health.failed(installation, e);
      throw e;
    }
  }

  private interface GitHubCall<T> {
    T run() throws GitHubException;
  }
}
