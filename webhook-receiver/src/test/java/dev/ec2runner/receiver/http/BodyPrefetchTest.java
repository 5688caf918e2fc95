package dev.ec2runner.receiver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.ReceiverMetrics;
import dev.ec2runner.receiver.WebhookHandler;
import dev.ec2runner.receiver.WebhookSignature;
import dev.ec2runner.receiver.testing.InMemoryWorkflowJobWriter;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.StaticPoolDirectory;
import dev.ec2runner.receiver.testing.WebhookClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyPrefetchTest {

  private static final String SECRET = "prefetch-test-secret";

  private static byte[] job(long id) {
    return Payloads.example(Payloads.QUEUED).jobId(id).labels("self-hosted").bytes();
  }

  @Test
  void bodiesInMemoryStayWithinTheirBudgetAndGiveItBackWhenAnswered() throws Exception {
    byte[] first = job(1);
    InMemoryWorkflowJobWriter writer = new InMemoryWorkflowJobWriter();
    StaticPoolDirectory pools = StaticPoolDirectory.testPools("ci");
    ReceiverMetrics metrics = new ReceiverMetrics();
    // Room for one body at a time.
    ServerSettings settings = ServerSettings.defaults("127.0.0.1", 0)
        .withMaxBufferedBytes(first.length + first.length / 2);
    try (ReceiverServer server = new ReceiverServer(settings,
        new WebhookHandler(new WebhookSignature(List.of(SECRET)), pools, writer), pools::notReadyReason,
        metrics).start()) {
      WebhookClient client = new WebhookClient(server.port(), SECRET);
      CountDownLatch release = writer.holdWrites();
      CompletableFuture<WebhookClient.Answer> held = CompletableFuture.supplyAsync(
          () -> client.deliver("workflow_job", first));
      await().atMost(Duration.ofSeconds(10)).until(() -> writer.writesStarted() == 1);

      WebhookClient.Answer second = client.deliver("workflow_job", job(2));
      assertThat(second.status()).isEqualTo(503);
      assertThat(second.outcome()).isEqualTo("unavailable");
      assertThat(metrics.scrape())
          .contains("webhook_deliveries_total{action=\"none\",event=\"workflow_job\",outcome=\"unavailable\"} 1.0");

      release.countDown();
      assertThat(held.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
      assertThat(client.deliver("workflow_job", job(3)).status()).as("the budget is free again").isEqualTo(202);
      assertThat(writer.size()).isEqualTo(2);
    }
  }
}
