package dev.ec2runner.simulator.github;

import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.SimulatedGitHubContract;
import dev.ec2runner.operator.testsupport.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GitHub contract against the real App adapter talking HTTP to the simulated GitHub, with GitHub's OpenAPI
 * description checking every exchange.
 */
class AppGitHubContractIT extends SimulatedGitHubContract {

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();
  @RegisterExtension
  final TinyReceiver receiver = new TinyReceiver();

  @Override
  protected SimulatedGitHub github() {
    return fixture.github;
  }

  @Override
  protected GitHubInstallation installation() {
    return fixture.adapter;
  }

  @Override
  protected long installationId() {
    return ServedGitHub.INSTALLATION_ID;
  }

  @Override
  protected MutableClock clock() {
    return fixture.clock;
  }

  @Override
  protected void loseWebhookOfNewJob() throws Exception {
    fixture.sendWebhooksTo(TinyReceiver.refusingUrl());
    int attempts = fixture.github.deliveries().size();
    queueJob();
    await().until(() -> fixture.github.deliveries().size() == attempts + 1);
  }

  @Override
  protected void receiverRecovers() {
    fixture.sendWebhooksTo(receiver.url());
  }

  /** A first call makes the adapter fetch its token, so that a failure set next hits the call under test. */
  @Override
  protected void beforeNextCallFails() throws GitHubException {
    fixture.adapter.listRunners(ORG);
  }
}
