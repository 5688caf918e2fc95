package dev.ec2runner.simulator.github;


import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.CallOutcome;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated GitHub served over HTTP ({@link ServedGitHub}) and the real adapter pointed at it, both on one test
 * clock. The world: App 1234 installed (installation 5678) on organization {@code acme} (part of enterprise
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

  final List<Heard> heard = new CopyOnWriteArrayList<>();
  final MutableClock clock;
  final SimulatedGitHub github;
  final WebhookSender webhooks;
  final OpenApiContract contract;
  final SimulatedGitHubServer server;
  private final ServedGitHub served;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  GitHubFixture() throws IOException {
    this("");
  }

  GitHubFixture(String pathPrefix) throws IOException {
    served = new ServedGitHub(new MutableClock(Instant.now()), APP_ID, APP_KEYS, github -> {
      github.addInstallation(INSTALLATION_ID, APP_ID, "acme");
      github.addEnterprise("bigcorp");
      github.addOrganization("acme", "bigcorp");
      github.addOrganization("other");
      github.addRepository("acme/app");
      github.addRepository("other/thing");
      github.addEnterpriseToken(ENTERPRISE_TOKEN, "bigcorp");
    }, pathPrefix);
    clock = served.clock;
    github = served.github;
    webhooks = served.webhooks;
    contract = served.contract;
    server = served.server;
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
    served.assertContractHeld();
  }

  @Override
  public void close() {
    served.close();
  }
}
