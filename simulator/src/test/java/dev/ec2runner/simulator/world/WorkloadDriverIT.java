package dev.ec2runner.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.WebhookDelivery;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.operator.github.fake.SimulatedDelivery;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.receiver.WebhookSignature;
import dev.ec2runner.simulator.github.SimulatedGitHubServer;
import dev.ec2runner.simulator.github.WebhookSender;
import dev.ec2runner.simulator.scenario.PlannedJob;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workload driver queues planned jobs on time; a webhook drop rate loses deliveries that redelivery recovers. */
class WorkloadDriverIT {

  private static final KeyPair KEYS = TestKeys.generate();
  private static final String SECRET = "world-webhook-secret";

  private final WorldClock clock = WorldClock.stepped(Instant.parse("2025-01-06T09:00:00Z"));
  private final WorldScheduler scheduler = new WorldScheduler(clock);
  private final SimulatedGitHub github = new SimulatedGitHub(clock);
  private final WebhookSender webhooks = WebhookSender.attachTo(github);
  private final Set<String> receivedGuids = ConcurrentHashMap.newKeySet();
  private HttpServer receiver;
  private SimulatedGitHubServer server;

  @BeforeEach
  void start() throws Exception {
    github.registerApp(7, KEYS.getPublic());
    github.addOrganization("acme");
    github.addRepository("acme/app");
    github.addInstallation(8, 7, "acme");
    server = SimulatedGitHubServer.start(github);
    WebhookSignature signature = new WebhookSignature(List.of(SECRET));
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/webhook", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        boolean valid = signature.verify(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
            in.readAllBytes());
        if (valid) {
          receivedGuids.add(exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"));
        }
        exchange.sendResponseHeaders(valid ? 202 : 401, -1);
      }
    });
    receiver.start();
    webhooks.sendTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook"), SECRET);
  }

  @AfterEach
  void stop() {
    scheduler.close();
    receiver.stop(0);
    server.close();
    github.close();
  }

  @Test
  void jobsAreQueuedAtTheirTimesAndRememberTheirRuntime() {
    List<PlannedJob> plan = List.of(
        new PlannedJob(1, Duration.ofSeconds(10), "acme/app", List.of("self-hosted"), Duration.ofMinutes(3)),
        new PlannedJob(2, Duration.ofSeconds(50), "acme/app", List.of("self-hosted", "gpu"), Duration.ofMinutes(7)));
    WorkloadDriver driver = new WorkloadDriver(github, plan);
    driver.schedule(scheduler, clock.instant());

    scheduler.advance(Duration.ofSeconds(30));
    assertThat(github.queuedJobs()).singleElement().satisfies(job -> {
      assertThat(job.createdAt()).isEqualTo(Instant.parse("2025-01-06T09:00:10Z"));
      assertThat(driver.runtimeOf(job)).contains(Duration.ofMinutes(3));
    });
    assertThat(driver.allQueued()).isFalse();

    scheduler.advance(Duration.ofSeconds(30));
    assertThat(driver.allQueued()).isTrue();
    assertThat(github.queuedJobs()).extracting(job -> driver.runtimeOf(job).orElseThrow())
        .containsExactly(Duration.ofMinutes(3), Duration.ofMinutes(7));
  }

  @Test
  void droppedDeliveriesAreRecordedAsFailedAndRedeliveryRecoversThem() throws Exception {
    webhooks.dropRate(0.5, 11);
    List<PlannedJob> plan = IntStream.rangeClosed(1, 40).mapToObj(i -> new PlannedJob(i, Duration.ofSeconds(i),
        "acme/app", List.of("self-hosted"), Duration.ofMinutes(1))).toList();
    new WorkloadDriver(github, plan).schedule(scheduler, clock.instant());

    scheduler.advance(Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.pending() == 0);

    List<SimulatedDelivery> deliveries = github.deliveries();
    List<SimulatedDelivery> failed = deliveries.stream().filter(d -> !d.succeeded()).toList();
    assertThat(deliveries).hasSize(40);
    assertThat(failed).hasSizeBetween(10, 30)
        .allSatisfy(d -> assertThat(d.status()).isEqualTo("failed to connect"));
    assertThat(receivedGuids).hasSize(40 - failed.size());

    webhooks.dropRate(0, 0);
    AppGitHubRunners app = AppGitHubRunners.create(new GitHubAppCredentials(server.apiUrl(), 7, 8,
        Sensitive.of(TestKeys.pkcs8Pem(KEYS))), HttpClient.newHttpClient(), clock, GitHubCallListener.NONE);
    List<WebhookDelivery> lost = app.failedDeliveries(clock.instant().minus(Duration.ofHours(1)));
    assertThat(lost).hasSize(failed.size());
    for (WebhookDelivery delivery : lost) {
      app.redeliver(delivery.id());
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> receivedGuids.size() == 40);
  }
}
