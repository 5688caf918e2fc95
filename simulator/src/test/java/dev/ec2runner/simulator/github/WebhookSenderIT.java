package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.fake.SimulatedDelivery;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.receiver.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated GitHub's webhooks: signed, in order, shaped like GitHub's, and logged even when they fail. */
class WebhookSenderIT {

  private static final String SECRET = "s3cret-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");

  private final SimulatedGitHub github = new SimulatedGitHub();
  private final WebhookSender webhooks = WebhookSender.attachTo(github);
  private TinyReceiver receiver;

  @BeforeEach
  void start() throws IOException {
    github.addInstallation(42, 7, "acme");
    github.addEnterprise("bigcorp");
    github.addOrganization("acme", "bigcorp");
    github.addRepository("acme/app");
    github.addRepository("solo/tool");
    receiver = new TinyReceiver();
    webhooks.sendTo(receiver.url(), SECRET);
  }

  @AfterEach
  void stop() {
    receiver.close();
    github.close();
  }

  @Test
  void aJobsLifecycleArrivesSignedAndInOrder() throws Exception {
    long job = github.queueJob("acme/app", List.of("self-hosted", "Linux"));
    github.registerRunner(ORG, "pool-abcde", List.of("self-hosted", "linux", "x64"), true);
    github.connectRunner("pool-abcde");
    github.assignJob("pool-abcde");
    github.completeJob(job, "success");
    await().until(() -> receiver.received.size() == 3);

    WebhookSignature signature = new WebhookSignature(List.of(SECRET));
    List<String> actions = new ArrayList<>();
    for (TinyReceiver.Received delivery : receiver.received) {
      assertThat(signature.verify(delivery.header("X-Hub-Signature-256"), delivery.body())).isTrue();
      assertThat(delivery.header("X-GitHub-Event")).isEqualTo("workflow_job");
      assertThat(delivery.header("X-GitHub-Delivery")).matches("[0-9a-f-]{36}");
      JsonNode payload = JSON.readTree(delivery.body());
      actions.add(payload.path("action").asText());
      assertThat(payload.path("workflow_job").path("id").asLong()).isEqualTo(job);
      assertThat(payload.path("repository").path("full_name").asText()).isEqualTo("acme/app");
      assertThat(payload.path("organization").path("login").asText()).isEqualTo("acme");
      assertThat(payload.path("enterprise").path("slug").asText()).isEqualTo("bigcorp");
      assertThat(payload.path("installation").path("id").asLong()).isEqualTo(42);
    }
    assertThat(actions).containsExactly("queued", "in_progress", "completed");
    JsonNode completed = JSON.readTree(receiver.received.get(2).body()).path("workflow_job");
    assertThat(completed.path("conclusion").asText()).isEqualTo("success");
    assertThat(completed.path("runner_name").asText()).isEqualTo("pool-abcde");
    assertThat(github.findRunner("pool-abcde")).as("ephemeral runner gone after its job").isEmpty();
    assertThat(github.deliveries()).hasSize(3).allMatch(SimulatedDelivery::succeeded);
  }

  @Test
  void payloadsHaveTheShapeOfGitHubsExamples() throws Exception {
    github.queueJob("acme/app", List.of("self-hosted"));
    await().until(() -> receiver.received.size() == 1);
    JsonNode ours = JSON.readTree(receiver.received.get(0).body());

    for (String example : List.of("workflow_job.queued.5.json", "workflow_job.in_progress.3.json",
        "workflow_job.completed.2.json")) {
      JsonNode real = example(example);
      assertThat(names(ours)).containsAll(names(real));
      assertThat(names(ours.path("workflow_job"))).containsAll(names(real.path("workflow_job")));
      assertThat(names(ours.path("repository"))).contains("id", "node_id", "name", "full_name", "private", "owner",
          "html_url", "url");
      assertThat(names(ours.path("installation"))).containsAll(names(real.path("installation")).isEmpty()
          ? List.of("id") : names(real.path("installation")));
    }
  }

  @Test
  void reposOfAccountsWithoutTheAppSendNothing() {
    github.queueJob("solo/tool", List.of("self-hosted"));
    github.queueJob("acme/app", List.of("self-hosted"));

    await().until(() -> github.deliveries().size() == 1);
    assertThat(receiver.received).hasSize(1);
  }

  @Test
  void rejectedAndUnreachableDeliveriesAreLoggedAsFailed() throws Exception {
    receiver.answer(500);
    github.queueJob("acme/app", List.of("self-hosted"));
    await().until(() -> github.deliveries().size() == 1);
    webhooks.sendTo(TinyReceiver.refusingUrl(), SECRET);
    github.queueJob("acme/app", List.of("self-hosted"));
    await().until(() -> github.deliveries().size() == 2 && webhooks.pending() == 0);

    assertThat(github.deliveries()).extracting(SimulatedDelivery::statusCode, SimulatedDelivery::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(500, "Invalid HTTP Response: 500"),
            org.assertj.core.groups.Tuple.tuple(502, "failed to connect"));
    assertThat(github.deliveries()).noneMatch(SimulatedDelivery::succeeded);
  }

  @Test
  void anotherJobsDeliveryDoesNotWaitForASlowAnswerButAJobsOwnEventsDo() throws Exception {
    receiver.hold(body -> labels(body).contains("slow"));
    long slow = github.queueJob("acme/app", List.of("self-hosted", "slow"));
    github.cancelJob(slow);
    long quick = github.queueJob("acme/app", List.of("self-hosted", "quick"));

    await().until(() -> receiver.received.size() == 1);
    assertThat(jobId(receiver.received.get(0).body())).as("delivered while the slow job's answer is held")
        .isEqualTo(quick);
    receiver.release();
    await().until(() -> receiver.received.size() == 3);
    assertThat(receiver.received.subList(1, 3)).allMatch(r -> jobId(r.body()) == slow)
        .extracting(r -> JSON.readTree(r.body()).path("action").asText())
        .as("the slow job's events, in the order they happened").containsExactly("queued", "completed");
  }

  private static long jobId(byte[] body) {
    return payload(body).path("workflow_job").path("id").asLong();
  }

  private static String labels(byte[] body) {
    return payload(body).path("workflow_job").path("labels").toString();
  }

  private static JsonNode payload(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode example(String name) throws IOException {
    try (InputStream in = WebhookSenderIT.class.getResourceAsStream("/github/webhooks/" + name)) {
      return JSON.readTree(in);
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
