package dev.ec2runner.simulator.github;

import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.SimulatedGitHubContract;
import dev.ec2runner.operator.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The GitHub contract against the real App adapter talking HTTP to the simulated GitHub, with GitHub's OpenAPI
 * description checking every exchange.
 */
class AppGitHubContractIT extends SimulatedGitHubContract {

  private static final String SECRET = "It's a Secret to Everybody";

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
  protected SimulatedGitHub github() {
    return fixture.github;
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

  /** A first call makes the adapter fetch its token, so that a failure set next hits the call under test. */
  @Override
  protected void beforeNextCallFails() throws GitHubException {
    adapter.listRunners(ORG);
  }
}
