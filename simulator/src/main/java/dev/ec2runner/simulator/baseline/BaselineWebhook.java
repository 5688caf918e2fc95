package dev.ec2runner.simulator.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.JobRequest;
import dev.ec2runner.api.matching.PoolMatcher;
import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.receiver.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The webhook Lambda behind API Gateway, on 127.0.0.1: verifies the signature, accepts {@code workflow_job queued}
 * events whose labels a pool serves (the shared {@link PoolMatcher}) and puts them on the queue with the delay.
 * Everything else is answered and forgotten; nothing is ever redelivered to it except by GitHub.
 */
final class BaselineWebhook implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookSignature signature;
  private final JobEventQueue queue;
  private final Clock clock;
  private final Duration delay;
  private final List<PoolOffer> offers = new ArrayList<>();
  private final Map<String, RunnerPool> poolsByName;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
    Thread thread = new Thread(task, "baseline-webhook");
    thread.setDaemon(true);
    return thread;
  });
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong ignored = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();

  BaselineWebhook(String secret, List<RunnerPool> pools, JobEventQueue queue, Clock clock, Duration delay)
      throws IOException {
    this.signature = new WebhookSignature(List.of(secret));
    this.queue = queue;
    this.clock = clock;
    this.delay = delay;
    pools.forEach(pool -> offers.add(PoolOffer.of(pool)));
    this.poolsByName = pools.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/webhook", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      exchange.sendResponseHeaders(answer(exchange.getRequestHeaders().getFirst("X-GitHub-Event"),
          exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body), -1);
    }
  }

  private int answer(String event, String signatureHeader, byte[] body) {
    if (!signature.verify(signatureHeader, body)) {
      rejected.incrementAndGet();
      return 401;
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (IOException e) {
      rejected.incrementAndGet();
      return 400;
    }
    if (!"workflow_job".equals(event) || !JobState.QUEUED.is(payload.path("action").asText())) {
      ignored.incrementAndGet();
      return 200;
    }
    Optional<RunnerPool> pool = match(payload);
    if (pool.isEmpty()) {
      ignored.incrementAndGet();
      return 200;
    }
    JsonNode job = payload.path("workflow_job");
    queue.send(new QueuedEvent(job.path("id").asLong(), payload.path("repository").path("full_name").asText(),
        pool.get(), clock.instant(), 0), clock.instant().plus(delay));
    accepted.incrementAndGet();
    return 201;
  }

  private Optional<RunnerPool> match(JsonNode payload) {
    List<String> labels = new ArrayList<>();
    payload.path("workflow_job").path("labels").forEach(label -> labels.add(label.asText()));
    JobRequest request = new JobRequest(payload.path("repository").path("full_name").asText(),
        text(payload.path("organization").path("login")), text(payload.path("enterprise").path("slug")), labels,
        false);
    return PoolMatcher.bestPool(request, offers).map(offer -> poolsByName.get(offer.name()));
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
