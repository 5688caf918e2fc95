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
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulated GitHub served over HTTP ({@link ServedGitHub}) and the real adapter pointed at it, both on one test
 * clock. The world: {@link ServedGitHub}'s App on organization {@code acme} (part of enterprise {@code bigcorp}) with
 * repository {@code acme/app}; organization {@code other} where the App is not installed.
 *
 * <p>A JUnit extension, registered as a {@code @RegisterExtension} field made by {@link #served}: it builds the world
 * before each test (served under the path of the test's {@link ServedAt}, if any), and after each test checks that
 * every exchange kept to GitHub's OpenAPI description and closes the world (after the test's own {@code @AfterEach}
 * methods).
 */
final class GitHubFixture implements BeforeEachCallback, AfterEachCallback {

  static final String ENTERPRISE_TOKEN = "ghp_enterprise_runner_admin";
  private static final String WEBHOOK_SECRET = "It's a Secret to Everybody";
  /** The endpoint that lists an organization's runners, as the call log and the call listener name it. */
  static final String ORG_RUNNERS = "GET /orgs/{org}/actions/runners";
  static final PoolScope REPO = new PoolScope(PoolScope.Level.REPOSITORY, "acme/app");
  static final PoolScope ENTERPRISE = new PoolScope(PoolScope.Level.ENTERPRISE, "bigcorp");

  /** Serves the test's API under this path instead of the root, e.g. {@code /api/v3} as GitHub Enterprise Server. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface ServedAt {
    String value();
  }

  /** One adapter call as the listener heard it. */
  record Heard(String endpoint, CallOutcome outcome) {
  }

  final List<Heard> heard = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ServedGitHub served;
  MutableClock clock;
  SimulatedGitHub github;
  WebhookSender webhooks;
  OpenApiContract contract;
  SimulatedGitHubServer server;
  /** The adapter with the App's key and the enterprise token; it has made no call yet when the test starts. */
  AppGitHubRunners adapter;

  private GitHubFixture() {
  }

  /** A world for each test. */
  static GitHubFixture served() {
    return new GitHubFixture();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException, GitHubException {
    String pathPrefix = context.getRequiredTestMethod().isAnnotationPresent(ServedAt.class)
        ? context.getRequiredTestMethod().getAnnotation(ServedAt.class).value() : "";
    served = new ServedGitHub(new MutableClock(Instant.now()), ENTERPRISE.name(), pathPrefix);
    clock = served.clock;
    github = served.github;
    webhooks = served.webhooks;
    contract = served.contract;
    server = served.server;
    github.addOrganization("other");
    github.addRepository("other/thing");
    github.addEnterpriseToken(ENTERPRISE_TOKEN, ENTERPRISE.name());
    adapter = adapter(TestKeys.pkcs1Pem(ServedGitHub.APP_KEYS));
  }

  /** Another adapter, signing with this key (the App's or another). */
  AppGitHubRunners adapter(String privateKeyPem) throws GitHubException {
    return AppGitHubRunners.create(credentials(privateKeyPem), http, clock, listener());
  }

  /** The App's credentials for the API served here, with the enterprise token, signing with this key. */
  GitHubAppCredentials credentials(String privateKeyPem) {
    return new GitHubAppCredentials(server.apiUrl(), ServedGitHub.APP_ID, ServedGitHub.INSTALLATION_ID,
        Sensitive.of(privateKeyPem), Sensitive.of(ENTERPRISE_TOKEN));
  }

  /** Where the App's webhooks go from now on, signed with its webhook secret. */
  void sendWebhooksTo(URI url) {
    webhooks.sendTo(url, WEBHOOK_SECRET);
  }

  GitHubCallListener listener() {
    return (endpoint, outcome) -> heard.add(new Heard(endpoint, outcome));
  }

  long tokenRequests() {
    return github.calls().count("POST /app/installations/{installation_id}/access_tokens");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    served.finish(() -> { });
  }
}
