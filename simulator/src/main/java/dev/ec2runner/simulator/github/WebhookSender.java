package dev.ec2runner.simulator.github;

import dev.ec2runner.operator.github.fake.SimulatedDelivery;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.WebhookDeliveries;
import dev.ec2runner.operator.github.fake.WebhookEvent;
import dev.ec2runner.operator.github.fake.WebhookOutlet;
import dev.ec2runner.receiver.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Posts signed webhook deliveries to the configured receiver, several at once as GitHub does, the events of one job
 * in order (as they happened), and records every attempt, failed or not, in the delivery log so the redelivery API
 * can find the failures. A drop rate loses that fraction of attempts (redeliveries included) on the way, as an
 * unreachable receiver would.
 */
public final class WebhookSender implements WebhookOutlet {

  /**
   * Deliveries in flight at once: GitHub does not wait for one answer before the next delivery, and one lane would
   * cap the rate at one receiver round trip (tens of milliseconds on a real API server).
   */
  private static final int LANES = 16;

  /** GitHub gives the receiver ten seconds to answer. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ExecutorService> lanes = IntStream.range(0, LANES)
      .mapToObj(lane -> Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "simulated-github-webhooks-" + lane);
        thread.setDaemon(true);
        return thread;
      }))
      .toList();
  private final AtomicInteger pending = new AtomicInteger();
  private final WebhookDeliveries log;
  private final Clock clock;
  private volatile URI url;
  private volatile String secret;
  private double dropRate;
  private Random dropRandom = new Random(0);

  private WebhookSender(WebhookDeliveries log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** A sender that delivers the GitHub's webhook events from now on, once told where ({@link #sendTo}). */
  public static WebhookSender attachTo(SimulatedGitHub github) {
    WebhookSender sender = new WebhookSender(github.deliveries, github.clock);
    github.deliverWebhooksThrough(sender);
    return sender;
  }

  /** Where deliveries go, and the secret that signs them. */
  public void sendTo(URI url, String secret) {
    this.url = url;
    this.secret = secret;
  }

  /**
   * Loses this fraction (0 to 1) of delivery attempts, redeliveries included, drawn from a generator seeded for
   * repeatable runs: each is recorded as a failed delivery ({@code failed to connect}) without reaching the
   * receiver, so redelivery can recover it.
   */
  public synchronized void dropRate(double rate, long seed) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("drop rate must be between 0 and 1, was " + rate);
    }
    this.dropRate = rate;
    this.dropRandom = new Random(seed);
  }

  private synchronized boolean drawDrop() {
    return dropRate > 0 && dropRandom.nextDouble() < dropRate;
  }

  /** Webhooks handed over but not yet attempted. */
  public int pending() {
    return pending.get();
  }

  @Override
  public void send(WebhookEvent event) {
    if (url == null) {
      return;
    }
    pending.incrementAndGet();
    boolean dropped = drawDrop();
    URI target = url;
    String key = secret;
    lanes.get(Math.floorMod(event.orderKey().hashCode(), LANES)).execute(() -> {
      try {
        log.record(dropped ? lost(event) : attempt(event, target, key));
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  /** An attempt that never reached the receiver, recorded as GitHub records a connection failure. */
  private SimulatedDelivery lost(WebhookEvent event) {
    return new SimulatedDelivery(log.nextId(), event.guid(), event.appId(), clock.instant(), event.redelivery(), 0,
        "failed to connect", 502, event.event(), event.action(), event.installationId(), event.repositoryId(),
        event.payload());
  }

  private SimulatedDelivery attempt(WebhookEvent event, URI target, String key) {
    Instant start = clock.instant();
    long began = System.nanoTime();
    int statusCode;
    String status;
    try {
      HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .header("User-Agent", "GitHub-Hookshot/simulated")
          .header("X-GitHub-Event", event.event())
          .header("X-GitHub-Delivery", event.guid())
          .header("X-GitHub-Hook-Installation-Target-Type", "integration")
          .header("X-GitHub-Hook-Installation-Target-ID", Long.toString(event.appId()))
          .header(WebhookSignature.HEADER, WebhookSignature.sign(key, event.payload()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(event.payload()))
          .build();
      statusCode = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      status = statusCode >= 200 && statusCode < 400 ? "OK" : "Invalid HTTP Response: " + statusCode;
    } catch (HttpTimeoutException e) {
      statusCode = 504;
      status = "timed out";
    } catch (IOException e) {
      statusCode = 502;
      status = "failed to connect";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      statusCode = 502;
      status = "failed to connect";
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    return new SimulatedDelivery(log.nextId(), event.guid(), event.appId(), start, event.redelivery(), seconds,
        status, statusCode, event.event(), event.action(), event.installationId(), event.repositoryId(),
        event.payload());
  }

  @Override
  public void reset() {
    dropRate(0, 0);
  }

  @Override
  public void close() {
    lanes.forEach(ExecutorService::shutdownNow);
    try {
      for (ExecutorService lane : lanes) {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
