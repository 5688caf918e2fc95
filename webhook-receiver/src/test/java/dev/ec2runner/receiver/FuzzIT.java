package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.receiver.testing.WithReceiver;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bodies and headers, signed and unsigned, against the running receiver: it never crashes, never
 * answers a 5xx other than 503, always answers JSON without internals, and never sends the real API server a
 * WorkflowJob it refuses (the receiver's own checks reject every bad input first).
 */
@WithReceiver
class FuzzIT {

  private static final long SEED = 20240601L;
  private static final int DELIVERIES = 600;
  private static final List<String> EVENTS = List.of("workflow_job", "check_run", "ping", "push", "", "workflow_job ",
      "WORKFLOW_JOB", "check_suite", "\u00e9v\u00e9nement");

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private WebhookClient github;
  private final Random random = new Random(SEED);

  @Test
  void survivesRandomAndMutatedDeliveries() {
    List<String> failures = new ArrayList<>();
    Set<String> outcomes = new TreeSet<>();
    for (int i = 0; i < DELIVERIES; i++) {
      byte[] body = body();
      HttpRequest.Builder request = github.request("/webhook").POST(HttpRequest.BodyPublishers.ofByteArray(body));
      String event = EVENTS.get(random.nextInt(EVENTS.size()));
      if (random.nextInt(10) > 0) {
        request.header("X-GitHub-Event", event.isEmpty() ? "x" : event);
      }
      if (random.nextInt(10) > 0) {
        request.header("X-GitHub-Delivery", random.nextInt(20) == 0 ? "d".repeat(300) : "fuzz-" + i);
      }
      request.header(WebhookSignature.HEADER, signature(body));
      if (random.nextBoolean()) {
        request.header("Content-Type", random.nextInt(8) == 0 ? "application/x-www-form-urlencoded" : "application/json");
      }
      WebhookClient.Answer answer = github.send(request);
      String text = answer.body().toString();
      outcomes.add(answer.outcome());
      if ((answer.status() >= 500 && answer.status() != 503) || answer.body().path("outcome").asText().isEmpty()
          || text.contains("Exception") || text.contains("\tat ") || text.contains("the Kubernetes API rejected")) {
        failures.add("delivery " + i + ": " + answer.status() + " " + text);
      }
    }

    assertThat(failures).isEmpty();
    // The mix reached every stage: signature check, parser, matching and the writer.
    assertThat(outcomes).contains("unauthorized", "malformed", "ignored", "pong", "created", "updated");
    assertThat(github.get("/healthz").status()).isEqualTo(200);
    assertThat(github.get("/readyz").status()).isEqualTo(200);
    List<WorkflowJob> stored = kubernetes.workflowJobs(kubernetes.namespace());
    assertThat(stored).as("mutated but signed job events were recorded").isNotEmpty();
  }

  /** Mostly a valid signature, so the parser sees the mutations; sometimes a wrong or garbage one. */
  private String signature(byte[] body) {
    return switch (random.nextInt(6)) {
      case 0 -> WebhookSignature.sign("wrong", body);
      case 1 -> "sha256=" + "zz".repeat(random.nextInt(40));
      default -> WebhookSignature.sign(RunningReceiver.SECRET, body);
    };
  }

  private byte[] body() {
    return switch (random.nextInt(5)) {
      case 0 -> randomBytes();
      case 1 -> truncatedOrFlipped();
      case 2 -> ("[".repeat(random.nextInt(3000))).getBytes(StandardCharsets.UTF_8);
      default -> mutatedPayload();
    };
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(2048)];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] truncatedOrFlipped() {
    byte[] bytes = Payloads.raw(Payloads.ALL.get(random.nextInt(Payloads.ALL.size())));
    if (random.nextBoolean()) {
      byte[] cut = new byte[random.nextInt(bytes.length)];
      System.arraycopy(bytes, 0, cut, 0, cut.length);
      return cut;
    }
    for (int flips = random.nextInt(20) + 1; flips > 0; flips--) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /** A real payload with labels that pools serve, then a few fields replaced by values of random types or removed. */
  private byte[] mutatedPayload() {
    Payloads payload = Payloads.example(Payloads.ALL.get(random.nextInt(Payloads.ALL.size())));
    JsonNode root = payload.tree();
    if (root.has("workflow_job")) {
      payload.labels("self-hosted").jobId(1 + random.nextInt(50));
    } else {
      payload.actionsCheckRun().jobId(1 + random.nextInt(50));
    }
    for (int mutations = random.nextInt(4); mutations > 0; mutations--) {
      mutate(root);
    }
    return payload.bytes();
  }

  private void mutate(JsonNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(root, objects);
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    if (names.isEmpty()) {
      return;
    }
    String field = names.get(random.nextInt(names.size()));
    switch (random.nextInt(7)) {
      case 0 -> target.remove(field);
      case 1 -> target.putNull(field);
      case 2 -> target.put(field, random.nextLong());
      case 3 -> target.put(field, randomText());
      case 4 -> target.put(field, random.nextBoolean());
      case 5 -> target.set(field, JsonNodeFactory.instance.arrayNode().add(random.nextInt()).add(randomText()));
      default -> target.set(field, JsonNodeFactory.instance.objectNode().put("x", randomText()));
    }
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
    if (node instanceof ObjectNode object) {
      objects.add(object);
    }
    if (node instanceof ObjectNode || node instanceof ArrayNode) {
      for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
        collectObjects(children.next(), objects);
      }
    }
  }

  private String randomText() {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(30); i > 0; i--) {
      text.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x2FFF) : 'a' + random.nextInt(26));
    }
    return text.toString();
  }
}
