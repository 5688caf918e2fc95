package dev.ec2runner.operator.metrics;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.GitHubRunners;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import java.util.List;
import java.util.Optional;

/** Counts every GitHub call by operation and outcome. */
public final class MeteredGitHubRunners implements GitHubRunners {

  private final GitHubRunners delegate;
  private final OperatorMetrics metrics;

  public MeteredGitHubRunners(GitHubRunners delegate, OperatorMetrics metrics) {
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
