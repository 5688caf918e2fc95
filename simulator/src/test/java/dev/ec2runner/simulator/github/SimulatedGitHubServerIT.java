package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.operator.github.app.TestKeys;
import io.jsonwebtoken.Jwts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulated GitHub's HTTP gate as any client meets it: credentials, rate-limit headers, forced failures. */
class SimulatedGitHubServerIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();
  private String installationToken;

  @BeforeEach
  void issueToken() {
    synchronized (fixture.github) {
      installationToken = fixture.github.accounts.issueToken(ServedGitHub.INSTALLATION_ID, fixture.clock.instant());
    }
  }

  @Test
  void rateLimitEndpointReportsTheBudgetWithoutSpendingIt() throws Exception {
    get("/orgs/acme/actions/runners", installationToken);
    HttpResponse<String> answer = get("/rate_limit", installationToken);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode core = JSON.readTree(answer.body()).path("resources").path("core");
    assertThat(core.path("limit").asInt()).isEqualTo(5000);
    assertThat(core.path("used").asInt()).isEqualTo(1);
    assertThat(answer.headers().firstValue("x-ratelimit-remaining")).contains("4999");
    assertThat(fixture.github.remainingBudget(ServedGitHub.INSTALLATION_ID)).isEqualTo(4999);
  }

  @Test
  void credentialsAreCheckedLikeGitHubDoes() throws Exception {
    assertThat(get("/orgs/acme/actions/runners", null).statusCode()).isEqualTo(401);
    assertThat(get("/orgs/acme/actions/runners", "ghs_unknown").statusCode()).isEqualTo(401);
    HttpResponse<String> appTokenOnEnterprise = get("/enterprises/bigcorp/actions/runners", installationToken);
    assertThat(appTokenOnEnterprise.statusCode()).isEqualTo(403);
    assertThat(appTokenOnEnterprise.body()).contains("Resource not accessible by integration");
    assertThat(get("/enterprises/bigcorp/actions/runners", GitHubFixture.ENTERPRISE_TOKEN).statusCode())
        .isEqualTo(200);

    fixture.clock.advance(Duration.ofMinutes(61));
    assertThat(get("/orgs/acme/actions/runners", installationToken).statusCode()).as("expired token")
        .isEqualTo(401);
  }

  @Test
  void appJwtsMustBeSignedByTheAppsKeyAndShortLived() throws Exception {
    String path = "/app/installations/" + ServedGitHub.INSTALLATION_ID + "/access_tokens";

    assertThat(post(path, jwt(ServedGitHub.APP_KEYS.getPrivate(), Duration.ofMinutes(9))).statusCode())
        .isEqualTo(201);
    assertThat(post(path, jwt(TestKeys.generate().getPrivate(), Duration.ofMinutes(9))).statusCode())
        .isEqualTo(401);
    assertThat(post(path, jwt(ServedGitHub.APP_KEYS.getPrivate(), Duration.ofHours(2))).statusCode())
        .isEqualTo(401);
    assertThat(post(path, installationToken).statusCode()).isEqualTo(401);
    assertThat(post("/app/installations/1/access_tokens", jwt(ServedGitHub.APP_KEYS.getPrivate(),
        Duration.ofMinutes(9))).statusCode()).isEqualTo(404);
  }

  @Test
  void forcedFailuresHitOnlyTheirEndpointAndOnlyOnce() throws Exception {
    fixture.github.failNext("GET /orgs/{org}/actions/runners", 503);

    assertThat(get("/repos/acme/app/actions/runners", installationToken).statusCode()).isEqualTo(200);
    assertThat(get("/orgs/acme/actions/runners", installationToken).statusCode()).isEqualTo(503);
    assertThat(get("/orgs/acme/actions/runners", installationToken).statusCode()).isEqualTo(200);
    assertThat(get("/nowhere", installationToken).statusCode()).isEqualTo(404);
    assertThat(fixture.contract.drainViolations()).singleElement().asString()
        .contains("No API path found that matches request '/nowhere'");
    assertThat(fixture.github.calls().count("GET /orgs/{org}/actions/runners", 503)).isEqualTo(1);
    assertThat(fixture.github.calls().count("GET /nowhere", 404)).isEqualTo(1);
  }

  private String jwt(PrivateKey key, Duration lifetime) {
    Instant now = Instant.now().minusSeconds(30);
    return Jwts.builder().issuer(Long.toString(ServedGitHub.APP_ID)).issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(lifetime))).signWith(key, Jwts.SIG.RS256).compact();
  }

  private HttpResponse<String> get(String path, String credential) throws Exception {
    return http.send(request(path, credential).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String credential) throws Exception {
    return http.send(request(path, credential).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String credential) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fixture.server.apiUrl() + path))
        .header("Accept", "application/vnd.github+json");
    return credential == null ? builder : builder.header("Authorization", "Bearer " + credential);
  }
}
