package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.WorldBuilder;
import dev.ec2runner.simulator.sandbox.WorldGitHubClients;
import java.io.IOException;
import java.security.KeyPair;
import java.util.function.Consumer;

/**
 * The simulated GitHub served over HTTP on loopback, with the OpenAPI contract watching every exchange and one App
 * registered: what the adapter tests ({@link GitHubFixture}) and the whole operator on it
 * ({@link OperatorOnSimulatedGitHub}) stand on, on one test clock.
 */
final class ServedGitHub implements AutoCloseable {

  final MutableClock clock;
  final SimulatedGitHub github;
  final WebhookSender webhooks;
  final OpenApiContract contract = new OpenApiContract();
  final SimulatedGitHubServer server;

  /**
   * @param accounts adds the world's installation, organizations and repositories once the App is registered
   * @param pathPrefix where the API is served, e.g. {@code /api/v3} as on GitHub Enterprise Server; empty for the root
   */
  ServedGitHub(MutableClock clock, long appId, KeyPair appKeys, Consumer<SimulatedGitHub> accounts, String pathPrefix)
      throws IOException {
    this.clock = clock;
    github = new SimulatedGitHub(clock);
    github.registerApp(appId, appKeys.getPublic());
    accounts.accept(github);
    webhooks = WebhookSender.attachTo(github);
    server = SimulatedGitHubServer.start(github, pathPrefix);
    server.observe(contract);
  }

  /**
   * The GitHub of an operator world: the operator's real App adapter with every pool's calls sent here, as DNS would
   * point api.github.com elsewhere, and runner agents that start their runners here.
   */
  WorldBuilder.GitHubSide forOperator() {
    return new WorldBuilder.GitHubSide(WorldGitHubClients.pointingAt(server.apiUrl(), clock), config -> {
      github.startRunner(config.reveal());
      return true;
    });
  }

  void assertContractHeld() {
    assertThat(contract.violations()).as("OpenAPI violations").isEmpty();
  }

  @Override
  public void close() {
    server.close();
    github.close();
  }
}
