package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.testing.ApiServerCutOff;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.receiver.testing.WebhookClient.Answer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the API server gone the receiver answers 503, in time for GitHub to record a failed delivery, and takes
 * deliveries again once it is back.
 *
 * <p>The real API server is shared by every test of the JVM and cannot vanish; {@link ApiServerCutOff} makes it vanish
 * for this test's receiver only: its open connections (the RunnerPool watch among them) drop, new ones are refused.
 */
class ReceiverOutageIT {

  private final ApiServerCutOff outage = new ApiServerCutOff();
  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().interceptor(outage));

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String ns;
  @Received
  private WebhookClient github;

  @Test
  void answers503WhileTheApiServerIsDownAndReportsNotReady() {
    outage.cut();
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

    outage.restore();
    await().atMost(Duration.ofSeconds(20)).until(() -> github.get("/readyz").status() == 200);
    assertThat(github.deliver("workflow_job", body).outcome()).as("GitHub's redelivery").isEqualTo("created");
    assertThat(kubernetes.workflowJob(ns, "job-" + Payloads.EXAMPLE_JOB_ID)).isNotNull();
  }

  @Test
  void eventsThatNeedNoWriteAreStillAnswered() {
    outage.cut();
    assertThat(github.deliver("ping", "{}".getBytes()).status()).isEqualTo(200);
    assertThat(github.deliver("workflow_job", Payloads.raw(Payloads.QUEUED)).outcome())
        .as("a GitHub-hosted job needs no write").isEqualTo("unmatched");
  }
}
