package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.testing.MockApiServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.receiver.testing.WebhookClient.Answer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the API server gone the receiver answers 503, in time for GitHub to record a failed delivery.
 *
 * <p>On fabric8's mock API server, not the real one: the test needs the API server to vanish while the receiver runs,
 * and the real server is one per test JVM, shared by every test.
 */
class ReceiverOutageIT {

  private final MockApiServer kubernetes = new MockApiServer();
  private final RunningReceiver receiver = startWithPools();
  private final WebhookClient github = receiver.webhooks();

  private RunningReceiver startWithPools() {
    kubernetes.createPools("ci");
    return new RunningReceiver(kubernetes.newClient("ci"), "ci");
  }

  @AfterEach
  void stop() {
    receiver.close();
    kubernetes.close();
  }

  @Test
  void answers503WhileTheApiServerIsDownAndReportsNotReady() {
    kubernetes.stopServer();
    byte[] body = Payloads.example(Payloads.QUEUED).labels("self-hosted").bytes();

    // GitHub gives up after 10 s; the answer must come before that, so the client waits no longer.
    Answer answer = github.send(github.request("/webhook").timeout(Duration.ofSeconds(10))
        .header("X-GitHub-Event", "workflow_job").header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header(WebhookSignature.HEADER, WebhookSignature.sign(RunningReceiver.SECRET, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.outcome()).isEqualTo("unavailable");
    assertThat(answer.body().path("message").asText()).isEqualTo("the Kubernetes API is unreachable");
    await().atMost(Duration.ofSeconds(20)).until(() -> github.get("/readyz").status() == 503);
    assertThat(github.get("/readyz").body().path("message").asText()).isEqualTo("Kubernetes API unreachable");
    assertThat(github.get("/healthz").status()).as("alive: restarting would not bring the API server back").isEqualTo(200);
    assertThat(github.getText("/metrics").body())
        .contains("webhook_deliveries_total{action=\"queued\",event=\"workflow_job\",outcome=\"unavailable\"} 1.0");
  }

  @Test
  void eventsThatNeedNoWriteAreStillAnswered() {
    kubernetes.stopServer();
    assertThat(github.deliver("ping", "{}".getBytes()).status()).isEqualTo(200);
    assertThat(github.deliver("workflow_job", Payloads.raw(Payloads.QUEUED)).outcome())
        .as("a GitHub-hosted job needs no write").isEqualTo("unmatched");
  }
}
