package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.testing.InMemoryWorkflowJobWriter;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.StaticPoolDirectory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookHandlerTest {

  private static final String SECRET = "handler-test-secret";
  private static final String NS = "ci";

  private final InMemoryWorkflowJobWriter writer = new InMemoryWorkflowJobWriter();
  private final StaticPoolDirectory pools = StaticPoolDirectory.testPools(NS);
  private final WebhookHandler handler = new WebhookHandler(new WebhookSignature(List.of("old-secret", SECRET)), pools,
      writer);

  private WebhookResponse deliver(String event, String deliveryId, byte[] body) {
    return handler.handle(new Delivery(event, deliveryId, WebhookSignature.sign(SECRET, body), "application/json", body));
  }

  private static byte[] selfHostedQueued() {
    return Payloads.example(Payloads.QUEUED).labels("self-hosted", "linux").bytes();
  }

  @Test
  void recordsAJobThatAPoolServes() {
    WebhookResponse response = deliver("workflow_job", "d1", selfHostedQueued());

    assertThat(response.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(response.action()).isEqualTo("queued");
    assertThat(response.workflowJob()).isEqualTo("ci/job-" + Payloads.EXAMPLE_JOB_ID);
    WorkflowJobSpec spec = writer.job(NS, "job-" + Payloads.EXAMPLE_JOB_ID).orElseThrow();
    assertThat(spec.getDeliveryId()).isEqualTo("d1");
    assertThat(spec.getLabels()).containsExactly("self-hosted", "linux");
  }

  @Test
  void aDuplicateDeliveryChangesNothing() {
    deliver("workflow_job", "d1", selfHostedQueued());
    WebhookResponse again = deliver("workflow_job", "d1", selfHostedQueued());

    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(again.outcome().status()).isEqualTo(200);
    assertThat(writer.size()).isEqualTo(1);
  }

  @Test
  void doesNotRecordAGitHubHostedJob() {
    WebhookResponse response = deliver("workflow_job", "d1", Payloads.raw(Payloads.QUEUED));

    assertThat(response.outcome()).isEqualTo(Outcome.UNMATCHED);
    assertThat(writer.writesStarted()).isZero();
  }

  @Test
  void rejectsABadSignatureBeforeReadingAnything() {
    byte[] body = selfHostedQueued();
    WebhookResponse response = handler.handle(new Delivery("workflow_job", "d1",
        WebhookSignature.sign("wrong", body), "application/json", body));

    assertThat(response.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(handler.handle(new Delivery("workflow_job", "d1", null, "application/json", body)).outcome())
        .isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(writer.writesStarted()).isZero();
  }

  @Test
  void acceptsTheOlderSecretDuringRotation() {
    byte[] body = selfHostedQueued();
    WebhookResponse response = handler.handle(new Delivery("workflow_job", "d1",
        WebhookSignature.sign("old-secret", body), "application/json", body));
    assertThat(response.outcome()).isEqualTo(Outcome.CREATED);
  }

  @Test
  void answersPingAndIgnoresOtherEvents() {
    byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(deliver("ping", "p1", ping).outcome()).isEqualTo(Outcome.PONG);
    assertThat(deliver("push", "p2", ping).outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(deliver("check_run", "c1", Payloads.raw(Payloads.CHECK_RUN_CREATED)).outcome()).isEqualTo(Outcome.IGNORED);
  }

  @Test
  void rejectsMalformedDeliveries() {
    assertThat(deliver("workflow_job", "d1", "{".getBytes(StandardCharsets.UTF_8)))
        .extracting(WebhookResponse::outcome, WebhookResponse::message)
        .containsExactly(Outcome.MALFORMED, "body is not valid JSON");
    assertThat(deliver("workflow_job", null, selfHostedQueued()).message()).contains("X-GitHub-Delivery");
    assertThat(deliver(null, "d1", selfHostedQueued()).message()).contains("X-GitHub-Event");
    byte[] emptyForm = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
    WebhookResponse formResponse = handler.handle(new Delivery("workflow_job", "d1",
        WebhookSignature.sign(SECRET, emptyForm), "application/x-www-form-urlencoded", emptyForm));
    assertThat(formResponse.outcome()).isEqualTo(Outcome.MALFORMED);
    assertThat(formResponse.message()).isEqualTo("missing action");
    byte[] body = selfHostedQueued();
    WebhookResponse text = handler.handle(new Delivery("workflow_job", "d1", WebhookSignature.sign(SECRET, body),
        "text/plain", body));
    assertThat(text.outcome()).isEqualTo(Outcome.UNSUPPORTED_MEDIA_TYPE);
    assertThat(text.outcome().status()).isEqualTo(415);
    assertThat(writer.writesStarted()).isZero();
  }

  @Test
  void readsAFormEncodedDeliveryLikeAJsonOne() {
    // GitHub's "application/x-www-form-urlencoded" content type: the JSON in the form field payload, signed as sent.
    String json = new String(selfHostedQueued(), StandardCharsets.UTF_8);
    byte[] form = ("payload=" + java.net.URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    WebhookResponse response = handler.handle(new Delivery("workflow_job", "d1", WebhookSignature.sign(SECRET, form),
        "application/x-www-form-urlencoded; charset=utf-8", form));

    assertThat(response.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(writer.job(NS, "job-" + Payloads.EXAMPLE_JOB_ID).orElseThrow().getLabels())
        .containsExactly("self-hosted", "linux");
    byte[] ping = "payload=%7B%22zen%22%3A%22hi%22%7D".getBytes(StandardCharsets.UTF_8);
    assertThat(handler.handle(new Delivery("ping", "p1", WebhookSignature.sign(SECRET, ping),
        "application/x-www-form-urlencoded", ping)).outcome()).isEqualTo(Outcome.PONG);
  }

  @Test
  void answers503WhenThePoolCacheIsNotSyncedOrTheApiIsDown() {
    pools.synced(false);
    assertThat(deliver("workflow_job", "d1", selfHostedQueued()).outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(writer.writesStarted()).as("nothing is decided without the pools").isZero();

    pools.synced(true);
    writer.failWhileUnavailable(true);
    WebhookResponse response = deliver("workflow_job", "d1", selfHostedQueued());
    assertThat(response.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(response.outcome().status()).isEqualTo(503);

    writer.failWhileUnavailable(false);
    assertThat(deliver("workflow_job", "d1", selfHostedQueued()).outcome()).as("the redelivery succeeds")
        .isEqualTo(Outcome.CREATED);
  }

  @Test
  void writesEveryJobIntoTheNamespaceOfThePoolServingIt() {
    WebhookHandler allNamespaces = new WebhookHandler(new WebhookSignature(List.of(SECRET)),
        StaticPoolDirectory.testPools("team-a"), writer);
    byte[] body = selfHostedQueued();
    WebhookResponse response = allNamespaces.handle(new Delivery("workflow_job", "d1", WebhookSignature.sign(SECRET, body),
        "application/json", body));

    assertThat(response.workflowJob()).isEqualTo("team-a/job-" + Payloads.EXAMPLE_JOB_ID);
  }
}
