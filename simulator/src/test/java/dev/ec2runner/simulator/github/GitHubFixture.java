package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.CallOutcome;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated GitHub served over HTTP with the OpenAPI contract watching every exchange, and the real adapter
 * pointed at it, both on one test clock. The world: App 1234 installed (installation 5678) on organization {@code acme} (part of enterprise
 * {@code bigcorp}) with repository {@code acme/app}; organization {@code other} where the App is not installed.
 */
final class GitHubFixture implements AutoCloseable {

  static final long APP_ID = 1234;
  static final long INSTALLATION_ID = 5678;
  static final String ENTERPRISE_TOKEN = "ghp_enterprise_runner_admin";
  static final KeyPair APP_KEYS = TestKeys.generate();
  static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  static final PoolScope REPO = new PoolScope(PoolScope.Level.REPOSITORY, "acme/app");
  static final PoolScope ENTERPRISE = new PoolScope(PoolScope.Level.ENTERPRISE, "bigcorp");

  /** One adapter call as the listener heard it. */
  record Heard(String endpoint, CallOutcome outcome) {
  }

  final MutableClock clock = new MutableClock(Instant.now());
  final SimulatedGitHub github = new SimulatedGitHub(clock);
  final OpenApiContract contract = new OpenApiContract();
  final List<Heard> heard = new CopyOnWriteArrayList<>();
  final SimulatedGitHubServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  GitHubFixture() throws IOException {
    this("");
  }

  GitHubFixture(String pathPrefix) throws IOException {
    github.registerApp(APP_ID, APP_KEYS.getPublic());
    github.addInstallation(INSTALLATION_ID, APP_ID, "acme");
    github.addEnterprise("bigcorp");
    github.addOrganization("acme", "bigcorp");
    github.addOrganization("other");
    github.addRepository("acme/app");
    github.addRepository("other/thing");
    github.addEnterpriseToken(ENTERPRISE_TOKEN, "bigcorp");
    server = SimulatedGitHubServer.start(github, pathPrefix);
    server.observe(contract);
  }

  AppGitHubRunners adapter() throws GitHubException {
    return adapter(TestKeys.pkcs1Pem(APP_KEYS));
  }

  AppGitHubRunners adapter(String privateKeyPem) throws GitHubException {
    GitHubAppCredentials credentials = new GitHubAppCredentials(server.apiUrl(), APP_ID, INSTALLATION_ID,
        Sensitive.of(privateKeyPem), Sensitive.of(ENTERPRISE_TOKEN));
    return AppGitHubRunners.create(credentials, http, clock, listener());
  }

  GitHubCallListener listener() {
    return (endpoint, outcome) -> heard.add(new Heard(endpoint, outcome));
  }

  long tokenRequests() {
    return github.calls().count("POST /app/installations/{installation_id}/access_tokens");
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
