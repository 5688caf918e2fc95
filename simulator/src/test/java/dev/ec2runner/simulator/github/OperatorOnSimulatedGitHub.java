package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.InvalidAppCredentialsException;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import dev.ec2runner.operator.testsupport.TestResources;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The whole operator (test harness: a namespace on the real API server, fake cloud) talking to the simulated
 * GitHub over HTTP through the real App adapter, with the OpenAPI contract watching every exchange. Both share the
 * harness clock.
 * The world: App 12345 installed (installation 67890) on organization {@code acme} with repository
 * {@code acme/app}; pools leave {@code apiUrl} unset and the operator's GitHub client is pointed at the simulator,
 * as DNS would point api.github.com elsewhere.
 */
final class OperatorOnSimulatedGitHub implements AutoCloseable {

  static final long APP_ID = 12345;
  static final long INSTALLATION_ID = 67890;
  static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, TestResources.ORG);
  private static final KeyPair APP_KEYS = TestKeys.generate();

  final MutableClock clock = new MutableClock(OperatorTestHarness.START);
  final SimulatedGitHub github = new SimulatedGitHub(clock);
  final OpenApiContract contract = new OpenApiContract();
  final SimulatedGitHubServer server;
  final OperatorTestHarness harness;

  OperatorOnSimulatedGitHub(UnaryOperator<OperatorConfig> adjust) throws IOException {
    github.registerApp(APP_ID, APP_KEYS.getPublic());
    github.addInstallation(INSTALLATION_ID, APP_ID, TestResources.ORG);
    github.addOrganization(TestResources.ORG);
    github.addRepository(TestResources.ORG + "/app");
    server = SimulatedGitHubServer.start(github);
    server.observe(contract);
    AppGitHubClients clients = new AppGitHubClients(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .build(), clock, GitHubCallListener.NONE);
    GitHubClients toSimulator = (pool, credentials) -> {
      try {
        return clients.forApp(new GitHubAppCredentials(server.apiUrl(), credentials.appId(),
            credentials.installationId(), credentials.privateKey(), credentials.enterpriseToken()));
      } catch (GitHubException unusable) {
        throw new InvalidAppCredentialsException(unusable.getMessage());
      }
    };
    harness = OperatorTestHarness.start(adjust, clock, new OperatorTestHarness.GitHubSide(toSimulator, config -> {
      github.startRunner(config.reveal());
      return true;
    }));
  }

  /** The App Secret of the simulated App in the namespace. */
  void createAppSecret(String namespace) {
    harness.client().resource(new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(TestResources.SECRET).withNamespace(namespace).build())
        .withStringData(Map.of("appId", Long.toString(APP_ID), "installationId", Long.toString(INSTALLATION_ID),
            "privateKey", TestKeys.pkcs1Pem(APP_KEYS)))
        .build()).create();
  }

  void assertContractHeld() {
    assertThat(contract.violations()).as("OpenAPI violations").isEmpty();
  }

  @Override
  public void close() {
    harness.close();
    server.close();
    github.close();
  }
}
