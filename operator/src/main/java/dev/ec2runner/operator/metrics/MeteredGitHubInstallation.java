package dev.ec2runner.operator.metrics;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Counts every GitHub call by operation and outcome. */
public final class MeteredGitHubInstallation implements GitHubInstallation {

  private final GitHubInstallation delegate;
  private final OperatorMetrics metrics;

  public MeteredGitHubInstallation(GitHubInstallation delegate, OperatorMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException {
    return call("createJitConfig", () -> delegate.createJitConfig(scope, request));
  }

  @Override
  public List<GitHubRunner> listRunners(PoolScope scope) throws GitHubException {
    return call("listRunners", () -> delegate.listRunners(scope));
  }

  @Override
  public void deleteRunner(PoolScope scope, long runnerId) throws GitHubException {
    call("deleteRunner", () -> {
      delegate.deleteRunner(scope, runnerId);
      return null;
    });
  }

  @Override
  public Optional<JobStatus> jobStatus(String repository, long jobId) throws GitHubException {
    return call("jobStatus", () -> delegate.jobStatus(repository, jobId));
  }

  @Override
  public List<JobStatus> jobsOfRun(String repository, long runId) throws GitHubException {
    return call("jobsOfRun", () -> delegate.jobsOfRun(repository, runId));
  }

  @Override
  public long runnerGroupId(PoolScope scope, String groupName) throws GitHubException {
    return call("runnerGroupId", () -> delegate.runnerGroupId(scope, groupName));
  }

  @Override
  public Optional<Set<String>> runnerGroupRepositories(PoolScope scope, long groupId) throws GitHubException {
    return call("runnerGroupRepositories", () -> delegate.runnerGroupRepositories(scope, groupId));
  }

  @Override
  public RegistrationToken registrationToken(PoolScope scope) throws GitHubException {
    return call("registrationToken", () -> delegate.registrationToken(scope));
  }

  @Override
  public void rerunJob(String repository, long jobId) throws GitHubException {
    call("rerunJob", () -> {
      delegate.rerunJob(repository, jobId);
      return null;
    });
  }

  @Override
  public List<WebhookDelivery> failedDeliveries(Instant since) throws GitHubException {
    return call("failedDeliveries", () -> delegate.failedDeliveries(since));
  }

  @Override
  public void redeliver(long deliveryId) throws GitHubException {
    call("redeliver", () -> {
      delegate.redeliver(deliveryId);
      return null;
    });
  }

  @Override
  public Optional<RateLimitBudget> rateLimit() {
    return delegate.rateLimit();
  }

  private <T> T call(String operation, GitHubCall<T> call) throws GitHubException {
    try {
      T result = call.run();
      metrics.apiCall("github", operation, "success");
      return result;
    } catch (GitHubException.Throttled e) {
      metrics.apiCall("github", operation, "throttled");
      throw e;
    } catch (GitHubException.RunnerBusy e) {
      metrics.apiCall("github", operation, "runner_busy");
      throw e;
    } catch (GitHubException | RuntimeException e) {
      metrics.apiCall("github", operation, "error");
      throw e;
    }
  }

  private interface GitHubCall<T> {
    T run() throws GitHubException;
  }
}
