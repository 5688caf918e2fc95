package dev.ec2runner.simulator.github;

import static dev.ec2runner.simulator.github.GitHubFixture.ENTERPRISE;
import static dev.ec2runner.simulator.github.ServedGitHub.ORG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.testkit.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real GitHub adapter through tokens, JIT configurations and every kind of failure: no installation token,
 * registration token, JIT configuration, enterprise token or line of App key material ever shows in an exception
 * message, a toString, a log line or a call the metrics listener hears. The secrets are taken from what actually
 * crossed the wire, so nothing is assumed about their shape.
 */
class AdapterSecretHygieneIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();
  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private final List<String> surfaces = new ArrayList<>();

  @Test
  void noSecretSurvivesIntoMessagesOrLogs() throws Exception {
    String otherKey = TestKeys.pkcs1Pem(TestKeys.generate());
    try (LogCapture log = new LogCapture()) {
      fixture.server.observe(exchange -> {
        fixture.contract.observe(exchange);
        collectSecrets(exchange.responseBody());
      });
      AppGitHubRunners adapter = fixture.adapter;

      JitConfig jit = adapter.createJitConfig(ORG, request("gpu-aaaaa"));
      surfaces.add(jit.toString());
      surfaces.add(adapter.createJitConfig(ENTERPRISE, request("ent-bbbbb")).toString());
      surfaces.add(adapter.registrationToken(ORG).toString());
      expectFailure(() -> adapter.createJitConfig(ORG, request("gpu-aaaaa")));

      // A runner busy with a job cannot be removed: GitHub's 422.
      fixture.github.startRunner(jit.encodedConfig().reveal());
      fixture.github.queueJob("acme/app", List.of("self-hosted", "linux", "x64", "gpu"));
      assertThat(fixture.github.assignJob("gpu-aaaaa")).isPresent();
      expectFailure(() -> adapter.deleteRunner(ORG, jit.runnerId()));

      fixture.github.failNext(500);
      expectFailure(() -> adapter.listRunners(ORG));
      fixture.github.throttleNext(Duration.ofSeconds(30));
      expectFailure(() -> adapter.listRunners(ORG));
      // Tokens revoked (GitHub forgot them): the cached one is refused, then a new one is issued.
      fixture.github.reset();
      expectFailure(() -> adapter.listRunners(ORG));
      expectFailure(() -> fixture.adapter(otherKey).listRunners(ORG));
      expectFailure(() -> fixture.adapter("-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all\n"
          + "-----END RSA PRIVATE KEY-----").listRunners(ORG));

      surfaces.add(fixture.heard.toString());
      surfaces.add(log.text());
    }

    // The scan had something to find: tokens and JIT configurations crossed the wire, failures were raised.
    assertThat(secrets).as("secrets seen on the wire").hasSizeGreaterThanOrEqualTo(4);
    assertThat(String.join("\n", surfaces)).contains("still running a job", "answered 500", "answered 401", "retry after");
    secrets.add(GitHubFixture.ENTERPRISE_TOKEN);
    secrets.addAll(pemLines(TestKeys.pkcs1Pem(ServedGitHub.APP_KEYS)));
    secrets.addAll(pemLines(otherKey));
    for (String surface : surfaces) {
      for (String secret : secrets) {
        assertThat(surface).doesNotContain(secret);
      }
    }
  }

  private static JitConfigRequest request(String name) {
    return new JitConfigRequest(name, 1, List.of("self-hosted", "linux", "x64", "gpu"), null);
  }

  /** The secret fields of GitHub's answers: installation and registration tokens, encoded JIT configurations. */
  private void collectSecrets(byte[] responseBody) {
    try {
      JsonNode json = JSON.readTree(responseBody);
      for (String field : List.of("token", "encoded_jit_config")) {
        if (json != null && json.path(field).isTextual()) {
          secrets.add(json.path(field).asText());
        }
      }
    } catch (IOException notJson) {
      // Only JSON answers carry secrets.
    }
  }

  /** The base64 lines of a PEM key: its material. */
  private static List<String> pemLines(String pem) {
    return pem.lines().filter(line -> !line.startsWith("-----") && line.length() >= 16).toList();
  }

  private interface Call {
    void run() throws Exception;
  }

  /** Runs a call that must fail with a GitHubException, keeping what it shows: message, toString, causes. */
  private void expectFailure(Call call) {
    try {
      call.run();
    } catch (GitHubException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        surfaces.add(t.toString());
        surfaces.add(String.valueOf(t.getMessage()));
      }
      return;
    } catch (Exception e) {
      throw new AssertionError("expected a GitHubException", e);
    }
    throw new AssertionError("the call was expected to fail");
  }
}
