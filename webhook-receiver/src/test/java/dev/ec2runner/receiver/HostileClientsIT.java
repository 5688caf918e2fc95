package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.RawHttp;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.receiver.testing.WithReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients that attack the receiver's resources rather than its parser, against the receiver with its production
 * limits (1 MiB bodies, 5 s to receive a body, 24 deliveries at once, 256 waiting up to 2 s), writing to the real
 * API server.
 */
@WithReceiver
class HostileClientsIT {

  private static final Logger LOG = LoggerFactory.getLogger(HostileClientsIT.class);
  private static final long THIRTY_MB = 30L * 1024 * 1024;

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String ns;
  @Received
  private RunningReceiver receiver;
  @Received
  private WebhookClient github;

  private static byte[] gpuJob(long id) {
    return Payloads.example(Payloads.QUEUED).jobId(id).labels("self-hosted", "gpu").bytes();
  }

  private static String headers(String contentLength) {
    return "POST /webhook HTTP/1.1\r\nHost: receiver\r\nX-GitHub-Event: workflow_job\r\nX-GitHub-Delivery: big\r\n"
        + "X-Hub-Signature-256: sha256=00\r\nContent-Type: application/json\r\n" + contentLength + "\r\n";
  }

  @Test
  void a30MbBodyIs413BeforeItIsAllSent() throws Exception {
    for (String framing : List.of("Content-Length: " + THIRTY_MB + "\r\n", "Transfer-Encoding: chunked\r\n")) {
      boolean chunked = framing.startsWith("Transfer");
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), receiver.port())) {
        socket.setSoTimeout(20_000);
        AtomicLong sent = new AtomicLong();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writing = writer.submit(() -> stream(socket, headers(framing), chunked, sent));
        byte[] answer = socket.getInputStream().readNBytes(12);
        String status = new String(answer, StandardCharsets.ISO_8859_1);
        assertThat(status).as(framing).isEqualTo("HTTP/1.1 413");
        // The answer came while most of the body was still unsent: the receiver neither waited for nor kept it.
        assertThat(sent.get()).as(framing).isLessThan(THIRTY_MB);
        socket.close();
        writing.get(20, TimeUnit.SECONDS);
        writer.shutdownNow();
      }
    }
    assertThat(github.deliver("workflow_job", gpuJob(1)).status()).isEqualTo(202);
  }

  /** Streams 30 MB (or until the receiver closes the connection), counting the bytes written. */
  private static void stream(Socket socket, String head, boolean chunked, AtomicLong sent) {
    byte[] block = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    try {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      while (sent.get() < THIRTY_MB) {
        if (chunked) {
          out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(block);
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        sent.addAndGet(block.length);
      }
    } catch (IOException closedByTheReceiver) {
      // expected: the receiver answered and closed the connection
    }
  }

  @Test
  void slowClientsAreCutOffWith408WhileOthersAreServed() throws Exception {
    int slowClients = 60;
    List<RawHttp> slow = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    AtomicBoolean trickling = new AtomicBoolean(true);
    try {
      for (int i = 0; i < slowClients; i++) {
        // A body of 120 bytes announced, then one byte per second: it would take two minutes to arrive.
        slow.add(new RawHttp(receiver.port()).send(headers("Content-Length: 120\r\n")));
      }
      trickle.scheduleAtFixedRate(() -> {
        for (RawHttp client : slow) {
          if (trickling.get()) {
            client.trySend("x");
          }
        }
      }, 0, 1, TimeUnit.SECONDS);

      // More slow clients than the receiver handles at once, and still GitHub's deliveries get through.
      for (long id = 100; id < 110; id++) {
        WebhookClient.Answer answer = github.deliver("workflow_job", gpuJob(id));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
      }
      assertThat(github.get("/healthz").status()).isEqualTo(200);

      List<CompletableFuture<String>> answers = slow.stream()
          .map(client -> CompletableFuture.supplyAsync(client::readUntilClosed)).toList();
      for (CompletableFuture<String> answer : answers) {
        String response = answer.get(30, TimeUnit.SECONDS);
        assertThat(RawHttp.status(response)).as(response).isEqualTo(408);
        assertThat(response).contains("\"outcome\":\"timeout\"");
      }
    } finally {
      trickling.set(false);
      trickle.shutdownNow();
      slow.forEach(RawHttp::close);
    }
    assertThat(kubernetes.workflowJobs(ns)).hasSize(10);
  }

  @Test
  void aThousandConcurrentDeliveriesGet2xxOr503AndNoAcknowledgedJobIsLost() throws Exception {
    int deliveries = 1000;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    AtomicBoolean flooding = new AtomicBoolean(true);
    CompletableFuture<List<Integer>> probes = CompletableFuture.supplyAsync(() -> {
      List<Integer> statuses = new ArrayList<>();
      while (flooding.get()) {
        statuses.add(github.get("/healthz").status());
      }
      return statuses;
    });
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (long id = 1; id <= deliveries; id++) {
      byte[] body = gpuJob(id);
      answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/webhook"))
          .timeout(Duration.ofSeconds(60))
          .header("X-GitHub-Event", "workflow_job").header("X-GitHub-Delivery", "flood-" + id)
          .header(WebhookSignature.HEADER, WebhookSignature.sign(RunningReceiver.SECRET, body))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<Long> refused = new ArrayList<>();
    for (int i = 0; i < deliveries; i++) {
      HttpResponse<String> answer = answers.get(i).get(90, TimeUnit.SECONDS);
      byStatus.merge(answer.statusCode(), 1, Integer::sum);
      assertThat(answer.statusCode()).as(answer.body()).isIn(202, 503);
      if (answer.statusCode() == 503) {
        refused.add(i + 1L);
      }
    }
    flooding.set(false);
    assertThat(probes.get(30, TimeUnit.SECONDS)).as("healthz during the flood").isNotEmpty().containsOnly(200);
    LOG.info("1000 concurrent deliveries answered: {}", byStatus);

    // Every 202 is stored; every 503 is stored once GitHub redelivers it.
    assertThat(kubernetes.workflowJobs(ns)).hasSize(deliveries - refused.size());
    for (long id : refused) {
      assertThat(github.deliver("workflow_job", gpuJob(id)).status()).isEqualTo(202);
    }
    assertThat(kubernetes.workflowJobs(ns)).hasSize(deliveries)
        .extracting(job -> job.getMetadata().getName()).contains(WorkflowJob.nameFor(deliveries));
    assertThat(github.get("/readyz").status()).isEqualTo(200);
  }
}
