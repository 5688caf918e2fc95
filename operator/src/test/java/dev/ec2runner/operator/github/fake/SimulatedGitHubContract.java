package dev.ec2runner.operator.github.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallationContract;
import dev.ec2runner.operator.github.JitConfig;
import java.time.Duration;
import java.util.List;

/**
 * The GitHub contract with GitHub's side driven on the one fake GitHub model, {@link SimulatedGitHub}: runner agents,
 * workflow jobs, runner groups and failures. Subclasses give the face under test (in process, or the App adapter
 * over the simulator's HTTP server) and the webhook receiver.
 */
public abstract class SimulatedGitHubContract extends GitHubInstallationContract {

  private static final List<String> JOB_LABELS = List.of("self-hosted", "linux");

  protected abstract SimulatedGitHub github();

  /** Called before a failure is set for the next call, so that it hits the call under test. */
  protected void beforeNextCallFails() throws GitHubException {
  }

  @Override
  protected boolean startRunner(JitConfig config) {
    try {
      github().startRunner(config.encodedConfig().reveal());
      return true;
    } catch (IllegalStateException refused) {
      assertThat(refused).hasMessageContaining("already used");
      return false;
    }
  }

  @Override
  protected long queueJob() {
    return github().queueJob(REPOSITORY, JOB_LABELS);
  }

  @Override
  protected List<Long> queueRun(int jobs) {
    return github().queueRun(REPOSITORY, JOB_LABELS, jobs);
  }

  @Override
  protected long runOf(long jobId) {
    return github().job(jobId).orElseThrow().runId();
  }

  @Override
  protected void runJob(String runnerName, long jobId) {
    assertThat(github().assignJob(runnerName)).as("the job GitHub gave the runner").contains(jobId);
  }

  @Override
  protected void finishJob(long jobId, String conclusion) {
    github().completeJob(jobId, conclusion);
  }

  @Override
  protected void cancelJob(long jobId) {
    github().cancelJob(jobId);
  }

  @Override
  protected long addRunnerGroup(String name) {
    return github().addRunnerGroup(ORG, name);
  }

  @Override
  protected void restrictRunnerGroup(long groupId, String... repositories) {
    github().restrictRunnerGroup(ORG, groupId, repositories);
  }

  @Override
  protected void throttleNextCall(Duration retryAfter) throws GitHubException {
    beforeNextCallFails();
    github().throttleNext(retryAfter);
  }

  /** The budget is spent by two calls that cost one unit each (deleting a missing runner changes nothing). */
  @Override
  protected void exhaustRateLimit() throws GitHubException {
    github().rateLimit(2);
    installation().deleteRunner(ORG, 1);
    installation().deleteRunner(ORG, 2);
  }

  @Override
  protected void failNextCall(int status) throws GitHubException {
    beforeNextCallFails();
    github().failNext(status);
  }
}
