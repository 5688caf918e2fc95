package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.GitHubInstallationContract;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The GitHub contract against the real App adapter talking HTTP to the simulated GitHub, with GitHub's OpenAPI
 * description checking every exchange.
 */
class AppGitHubContractIT extends GitHubInstallationContract {

  private static final String SECRET = "It's a Secret to Everybody";
  private static final List<String> JOB_LABELS = List.of("self-hosted", "linux");

  private GitHubFixture fixture;
  private GitHubInstallation adapter;
  private TinyReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    fixture = new GitHubFixture();
    adapter = fixture.adapter();
    receiver = new TinyReceiver();
  }

  @AfterEach
  void stop() {
    fixture.assertContractHeld();
    receiver.close();
    fixture.close();
  }

  @Override
  protected GitHubInstallation installation() {
    return adapter;
  }

  @Override
  protected long installationId() {
    return GitHubFixture.INSTALLATION_ID;
  }

  @Override
  protected MutableClock clock() {
    return fixture.clock;
  }

  @Override
  protected boolean startRunner(JitConfig config) {
    try {
      fixture.github.startRunner(config.encodedConfig().reveal());
      return true;
    } catch (IllegalStateException refused) {
      assertThat(refused).hasMessageContaining("already used");
      return false;
    }
  }

  @Override
  protected long queueJob() {
    return fixture.github.queueJob(REPOSITORY, JOB_LABELS);
  }

  @Override
  protected List<Long> queueRun(int jobs) {
    return fixture.github.queueRun(REPOSITORY, JOB_LABELS, jobs);
  }

  @Override
  protected long runOf(long jobId) {
    return fixture.github.job(jobId).orElseThrow().runId();
  }

  @Override
  protected void runJob(String runnerName, long jobId) {
    assertThat(fixture.github.assignJob(runnerName)).as("the job GitHub gave the runner").contains(jobId);
  }

  @Override
  protected void finishJob(long jobId, String conclusion) {
    fixture.github.completeJob(jobId, conclusion);
  }

  @Override
  protected void cancelJob(long jobId) {
    fixture.github.cancelJob(jobId);
  }

  @Override
  protected long addRunnerGroup(String name) {
    return fixture.github.addRunnerGroup(ORG, name);
  }

  @Override
  protected void restrictRunnerGroup(long groupId, String... repositories) {
    fixture.github.restrictRunnerGroup(ORG, groupId, repositories);
  }

  @Override
  protected void loseWebhookOfNewJob() throws Exception {
    fixture.webhooks.sendTo(TinyReceiver.refusingUrl(), SECRET);
    int attempts = fixture.github.deliveries().size();
    queueJob();
    await().until(() -> fixture.github.deliveries().size() == attempts + 1);
  }

  @Override
  protected void receiverRecovers() {
    fixture.webhooks.sendTo(receiver.url(), SECRET);
  }

  @Override
  protected void throttleNextCall(Duration retryAfter) throws GitHubException {
    fetchInstallationToken();
    fixture.github.throttleNext(retryAfter);
  }

  @Override
  protected void exhaustRateLimit() throws GitHubException {
    fixture.github.rateLimit(2);
    adapter.deleteRunner(ORG, 1);
    adapter.deleteRunner(ORG, 2);
  }

  @Override
  protected void failNextCall(int status) throws GitHubException {
    fetchInstallationToken();
    fixture.github.failNext(status);
  }

  /** A first call makes the adapter fetch its token, so that a failure set next hits the call under test. */
  private void fetchInstallationToken() throws GitHubException {
    adapter.listRunners(ORG);
  }
}
