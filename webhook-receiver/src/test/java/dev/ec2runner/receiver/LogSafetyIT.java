package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.receiver.testing.ApiServerCutOff;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.testkit.LogCapture;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever happens, the log never shows the webhook secrets, signatures or tokens carried in a payload. */
class LogSafetyIT {

  // Shaped like an installation access token; payloads of some events carry such values.
  private static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

  // The receiver starts inside the log capture, so its start-up lines are scanned too.
  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().withoutReceiver());

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String ns;

  @Test
  void neitherSecretsNorPayloadTokensReachTheLog() {
    String log;
    String validSignature;
    StringBuilder answersAndObjects = new StringBuilder();
    try (LogCapture capture = new LogCapture(); ApiServerCutOff outage = new ApiServerCutOff()) {
      try (RunningReceiver receiver = new RunningReceiver(kubernetes.receiverClient(ns, outage), ns)) {
        WebhookClient github = receiver.webhooks();
        byte[] withToken = Payloads.example(Payloads.QUEUED).labels("self-hosted").set("token", TOKEN).bytes();
        validSignature = WebhookSignature.sign(RunningReceiver.SECRET, withToken);

        assertThat(github.deliver("workflow_job", withToken).status()).isEqualTo(202);
        assertThat(github.deliver("workflow_job", withToken).status()).isEqualTo(200);
        assertThat(github.send(github.request("/webhook").header("X-GitHub-Event", "workflow_job")
            .header("X-GitHub-Delivery", "forged\tdelivery")
            .header(WebhookSignature.HEADER, WebhookSignature.sign("guess", withToken))
            .POST(HttpRequest.BodyPublishers.ofByteArray(withToken))).status()).isEqualTo(401);
        byte[] brokenWithToken = ("{\"action\":\"queued\",\"token\":\"" + TOKEN + "\",").getBytes(StandardCharsets.UTF_8);
        assertThat(github.deliver("workflow_job", brokenWithToken).status()).isEqualTo(400);
        byte[] missingFields = ("{\"action\":\"queued\",\"workflow_job\":{\"id\":\"" + TOKEN + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(github.deliver("workflow_job", missingFields).status()).isEqualTo(400);

        answersAndObjects.append(github.deliver("workflow_job", withToken).body())
            .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(kubernetes.workflowJobs(ns)));
        outage.cut();
        byte[] another = Payloads.example(Payloads.QUEUED).jobId(77).labels("self-hosted").set("token", TOKEN).bytes();
        assertThat(github.deliver("workflow_job", another).status()).isEqualTo(503);
      }
      log = capture.text();
    }

    assertThat(log).as("the capture saw the receiver's log lines").contains("Rejected delivery", "created",
        "Could not record");
    assertThat(log).doesNotContain(RunningReceiver.SECRET, "retired-secret", TOKEN, validSignature.substring(7));
    assertThat(answersAndObjects).as("answers and stored WorkflowJobs").contains("job-")
        .doesNotContain(RunningReceiver.SECRET).doesNotContain(TOKEN).doesNotContain(validSignature.substring(7));
    assertThat(log).as("control characters from a header are not logged").doesNotContain("forged\tdelivery")
        .contains("forged?delivery");
  }
}
