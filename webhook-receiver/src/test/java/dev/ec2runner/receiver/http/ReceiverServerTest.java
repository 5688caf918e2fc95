package dev.ec2runner.receiver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.ReceiverMetrics;
import dev.ec2runner.receiver.WebhookHandler;
import dev.ec2runner.receiver.WebhookSignature;
import dev.ec2runner.receiver.testing.InMemoryWorkflowJobWriter;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.RawHttp;
import dev.ec2runner.receiver.testing.StaticPoolDirectory;
import dev.ec2runner.receiver.testing.WebhookClient;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiverServerTest {

  private static final String SECRET = "server-test-secret";
  private static final int LIMIT = 16 * 1024;

  private final InMemoryWorkflowJobWriter writer = new InMemoryWorkflowJobWriter();
  private final StaticPoolDirectory pools = StaticPoolDirectory.testPools("ci");
  private final ReceiverServer server = new ReceiverServer(
      ServerSettings.defaults("127.0.0.1", 0).withMaxBodyBytes(LIMIT).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1)),
      new WebhookHandler(new WebhookSignature(List.of(SECRET)), pools, writer), pools::notReadyReason,
      new ReceiverMetrics()).start();
  private final WebhookClient client = new WebhookClient(server.port(), SECRET);

  @AfterEach
  void stop() {
    server.close();
  }

  private static byte[] selfHostedQueued() {
    return Payloads.example(Payloads.QUEUED).labels("self-hosted").bytes();
  }

  @Test
  void servesHealthAndReadiness() {
    assertThat(client.get("/healthz").status()).isEqualTo(200);
    assertThat(client.get("/readyz").status()).isEqualTo(200);
    pools.synced(false);
    WebhookClient.Answer notReady = client.get("/readyz");
    assertThat(notReady.status()).isEqualTo(503);
    assertThat(notReady.body().path("message").asText()).isEqualTo("RunnerPool cache not synced");
    assertThat(client.get("/healthz").status()).as("alive even when not ready").isEqualTo(200);
  }

  @Test
  void answersWrongMethodsAndUnknownPathsWithJson() {
    WebhookClient.Answer get = client.get("/webhook");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.outcome()).isEqualTo("method_not_allowed");
    assertThat(client.send(client.request("/webhook").PUT(HttpRequest.BodyPublishers.ofString("{}"))).status()).isEqualTo(405);
    assertThat(client.send(client.request("/metrics").POST(HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(405);
    WebhookClient.Answer unknown = client.get("/nowhere");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.outcome()).isEqualTo("not_found");
  }

  @Test
  void jettysOwnErrorsAreJsonToo() {
    try (RawHttp raw = new RawHttp(server.port())) {
      String response = raw.send("NOT-HTTP\r\n\r\n").readUntilClosed();
      assertThat(RawHttp.status(response)).isEqualTo(400);
      assertThat(response).contains("Content-Type: application/json").contains("\"outcome\":\"http_error\"");
    }
    try (RawHttp raw = new RawHttp(server.port())) {
      String response = raw.send("POST /webhook HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
          + "\r\nContent-Length: 0\r\n\r\n").readUntilClosed();
      assertThat(RawHttp.status(response)).isEqualTo(431);
      assertThat(response).contains("\"outcome\":\"http_error\"");
    }
  }

  @Test
  void acceptsADeliveryAndCountsIt() {
    WebhookClient.Answer answer = client.deliver("workflow_job", selfHostedQueued());
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.outcome()).isEqualTo("created");
    assertThat(answer.body().path("workflowJob").asText()).isEqualTo("ci/job-" + Payloads.EXAMPLE_JOB_ID);
    assertThat(client.deliver("push", "{}".getBytes()).status()).isEqualTo(200);

    String metrics = client.getText("/metrics").body();
    assertThat(metrics).contains("webhook_deliveries_total{action=\"queued\",event=\"workflow_job\",outcome=\"created\"} 1.0");
    assertThat(metrics).contains("webhook_deliveries_total{action=\"none\",event=\"other\",outcome=\"ignored\"} 1.0");
    assertThat(metrics).contains("webhook_delivery_duration_seconds_bucket{event=\"workflow_job\",outcome=\"created\"");
  }

  @Test
  void refusesABodyThatDeclaresMoreThanTheLimitWithoutReadingIt() {
    try (RawHttp raw = new RawHttp(server.port())) {
      String response = raw.send("POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: workflow_job\r\n"
          + "Content-Type: application/json\r\nContent-Length: 30000000\r\n\r\n").readUntilClosed();
      assertThat(RawHttp.status(response)).isEqualTo(413);
      assertThat(response).contains("\"outcome\":\"too_large\"");
    }
  }

  @Test
  void refusesAChunkedBodyOnceItPassesTheLimit() {
    try (RawHttp raw = new RawHttp(server.port())) {
      StringBuilder request = new StringBuilder("POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: workflow_job\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      String chunk = "x".repeat(1024);
      for (int i = 0; i < 17; i++) {
        request.append("400\r\n").append(chunk).append("\r\n");
      }
      request.append("0\r\n\r\n");
      String response = raw.send(request.toString()).readUntilClosed();
      assertThat(RawHttp.status(response)).isEqualTo(413);
    }
  }

  @Test
  void closesAConnectionThatStallsMidBody() {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: workflow_job\r\nContent-Length: 100\r\n\r\n{\"act");
      // The idle timeout (500 ms here) ends the wait; the answer, if any, is a 408, and the connection closes.
      String response = raw.readUntilClosed();
      assertThat(response.isEmpty() || RawHttp.status(response) == 408).as(response).isTrue();
    }
    assertThat(writer.writesStarted()).isZero();
    assertThat(client.get("/healthz").status()).as("the server still serves").isEqualTo(200);
  }

  @Test
  void answers408ToABodyThatTricklesInSlowerThanTheDeadline() {
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: workflow_job\r\nContent-Length: 4000\r\n\r\n");
      // One byte every 100 ms never trips the 500 ms idle timeout, but the body deadline (1 s) ends it.
      trickle.scheduleAtFixedRate(() -> {
        try {
          raw.send("x");
        } catch (UncheckedIOException closed) {
          throw closed;
        }
      }, 0, 100, TimeUnit.MILLISECONDS);
      String response = raw.readUntilClosed();
      assertThat(RawHttp.status(response)).isEqualTo(408);
      assertThat(response).contains("\"outcome\":\"timeout\"");
    } finally {
      trickle.shutdownNow();
    }
  }

  @Test
  void turnsAwayDeliveriesBeyondItsCapacityWith503() throws Exception {
    InMemoryWorkflowJobWriter slowWriter = new InMemoryWorkflowJobWriter();
    ReceiverMetrics metrics = new ReceiverMetrics();
    try (ReceiverServer small = new ReceiverServer(ServerSettings.defaults("127.0.0.1", 0).withConcurrency(1, 0),
        new WebhookHandler(new WebhookSignature(List.of(SECRET)), pools, slowWriter), pools::notReadyReason,
        metrics).start()) {
      WebhookClient smallClient = new WebhookClient(small.port(), SECRET);
      CountDownLatch release = slowWriter.holdWrites();
      CompletableFuture<WebhookClient.Answer> first = CompletableFuture.supplyAsync(
          () -> smallClient.deliver("workflow_job", selfHostedQueued()));
      await().atMost(Duration.ofSeconds(10)).until(() -> slowWriter.writesStarted() == 1);

      WebhookClient.Answer second = smallClient.deliver("workflow_job", selfHostedQueued());
      assertThat(second.status()).isEqualTo(503);
      assertThat(second.outcome()).isEqualTo("unavailable");
      assertThat(metrics.scrape()).contains("webhook_rejected_overload_total 1.0");
      assertThat(smallClient.get("/healthz").status()).as("probes bypass the admission limit").isEqualTo(200);

      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
    }
  }

  private int healthzStatus() {
    try {
      return client.send(client.request("/healthz").timeout(Duration.ofMillis(500)).GET()).status();
    } catch (RuntimeException refusedOrTimedOut) {
      return -1;
    }
  }

  @Test
  void aStopLetsAnInFlightDeliveryFinish() throws Exception {
    CountDownLatch release = writer.holdWrites();
    CompletableFuture<WebhookClient.Answer> inFlight = CompletableFuture.supplyAsync(
        () -> client.deliver("workflow_job", selfHostedQueued()));
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.writesStarted() == 1);

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
    // New requests are turned away (503, or no connection) while the held one is still running.
    await().atMost(Duration.ofSeconds(10)).until(() -> healthzStatus() != 200);
    assertThat(inFlight).isNotDone();
    assertThat(stopping).as("the stop waits for the in-flight request").isNotDone();
    release.countDown();

    WebhookClient.Answer answer = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(202);
    assertThat(writer.size()).isEqualTo(1);
    stopping.get(15, TimeUnit.SECONDS);
  }
}
