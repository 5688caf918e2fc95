package dev.ec2runner.operator.github.fake;

import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/** The GitHub contract against the fake GitHub's in-process face, its webhooks taken by an in-process receiver. */
class FakeGitHubContractTest extends SimulatedGitHubContract {

  private static final long APP = 1234;
  private static final long INSTALLATION = 5678;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final SimulatedGitHub github = world(clock);
  private final InProcessReceiver receiver = InProcessReceiver.attachTo(github);
  private final FakeGitHub installation = new FakeGitHub(github, APP, INSTALLATION);

  private static SimulatedGitHub world(MutableClock clock) {
    SimulatedGitHub github = new SimulatedGitHub(clock);
    github.addOrganization("acme");
    github.addRepository(REPOSITORY);
    github.addInstallation(INSTALLATION, APP, "acme");
    return github;
  }

  @AfterEach
  void close() {
    github.close();
  }

  @Override
  protected SimulatedGitHub github() {
    return github;
  }

  @Override
  protected GitHubInstallation installation() {
    return installation;
  }

  @Override
  protected long installationId() {
    return INSTALLATION;
  }

  @Override
  protected MutableClock clock() {
    return clock;
  }

  @Override
  protected void loseWebhookOfNewJob() {
    receiver.answer(502);
    queueJob();
  }

  @Override
  protected void receiverRecovers() {
    receiver.answer(202);
  }
}
