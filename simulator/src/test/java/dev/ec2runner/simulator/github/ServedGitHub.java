package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.WorldBuilder;
import dev.ec2runner.simulator.sandbox.WorldGitHubClients;
import java.io.IOException;
import java.security.KeyPair;
import java.util.Map;

/**
 * The simulated GitHub served over HTTP on loopback, with the OpenAPI contract watching every exchange: what the
 * adapter tests ({@link GitHubFixture}) and the whole operator on it ({@link OperatorOnSimulatedGitHub}) stand on, on
 * one test clock. Its one App (id {@value #APP_ID}) is installed (installation {@value #INSTALLATION_ID}) on
 * organization {@code acme}, which has repository {@code acme/app}.
 */
final class ServedGitHub implements AutoCloseable {

  static final long APP_ID = 1234;
  static final long INSTALLATION_ID = 5678;
  static final KeyPair APP_KEYS = TestKeys.generate();
  static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");

  final MutableClock clock;
  final SimulatedGitHub github;
  final WebhookSender webhooks;
  final OpenApiContract contract = new OpenApiContract();
  final SimulatedGitHubServer server;

  /**
   * @param enterprise the enterprise that owns organization {@code acme}, or null for none
   * @param pathPrefix where the API is served, e.g. {@code /api/v3} as on GitHub Enterprise Server; empty for the root
   */
  ServedGitHub(MutableClock clock, String enterprise, String pathPrefix) throws IOException {
    this.clock = clock;
    github = new SimulatedGitHub(clock);
    github.registerApp(APP_ID, APP_KEYS.getPublic());
    github.addInstallation(INSTALLATION_ID, APP_ID, ORG.name());
    if (enterprise != null) {
      github.addEnterprise(enterprise);
    }
    github.addOrganization(ORG.name(), enterprise);
    github.addRepository(ORG.name() + "/app");
    webhooks = WebhookSender.attachTo(github);
    server = SimulatedGitHubServer.start(github, pathPrefix);
    server.observe(contract);
  }

  /** What the App's Secret holds: its id, its installation and its private key. */
  static Map<String, String> appSecretData() {
    return Map.of("appId", Long.toString(APP_ID), "installationId", Long.toString(INSTALLATION_ID),
        "privateKey", TestKeys.pkcs1Pem(APP_KEYS));
  }

  /**
   * The GitHub of an operator world: the operator's real App adapter with every pool's calls sent here, as DNS would
   * point api.github.com elsewhere, and runner agents that start their runners here.
   */
  WorldBuilder.GitHubSide forOperator() {
    return new WorldBuilder.GitHubSide(WorldGitHubClients.pointingAt(server.apiUrl(), clock), github);
  }

  /**
   * After a test: fails it if an exchange broke GitHub's OpenAPI description, and closes this GitHub either way,
   * after {@code closeFirst} (what stands on it).
   */
  void finish(Runnable closeFirst) {
    try {
      assertThat(contract.violations()).as("OpenAPI violations").isEmpty();
    } finally {
      try {
        closeFirst.run();
      } finally {
        close();
      }
    }
  }

  @Override
  public void close() {
    server.close();
    github.close();
  }
}
