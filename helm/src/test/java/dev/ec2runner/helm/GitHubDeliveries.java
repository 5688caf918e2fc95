package dev.ec2runner.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.receiver.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * workflow_job deliveries as GitHub sends them to the receiver: GitHub's example payloads (the receiver's test
 * resources, from @octokit/webhooks-examples; repository Codertocat/Hello-World) adapted to one self-hosted job,
 * signed with the webhook secret, with GitHub's event and delivery headers.
 */
final class GitHubDeliveries {

  /** The repository of the example payloads. */
  static final String REPOSITORY = "Codertocat/Hello-World";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The receiver's answer: status and the WorkflowJob it wrote (namespace/name), if any. */
  record Answer(int status, String workflowJob) {
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String secret;

  GitHubDeliveries(int port, String secret) {
    this.base = URI.create("http://127.0.0.1:" + port);
    this.secret = secret;
  }

  Answer queued(long jobId, List<String> labels) {
    return deliver(job("workflow_job.queued.5.json", jobId, labels, null));
  }

  Answer inProgress(long jobId, List<String> labels, String runnerName) {
    return deliver(job("workflow_job.in_progress.3.json", jobId, labels, runnerName));
  }

  Answer completed(long jobId, List<String> labels, String runnerName) {
    ObjectNode payload = job("workflow_job.completed.2.json", jobId, labels, runnerName);
    ((ObjectNode) payload.get("workflow_job")).put("completed_at", Instant.now().toString());
    return deliver(payload);
  }

  /** Whether the receiver says it is ready (its RunnerPool cache synced, the API server reachable). */
  boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve("/readyz")).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The example with our job's id, labels and runner, timed now (an old job would be checked on GitHub first). */
  private static ObjectNode job(String example, long jobId, List<String> labels, String runnerName) {
    ObjectNode payload = example(example);
    ObjectNode job = (ObjectNode) payload.get("workflow_job");
    String now = Instant.now().toString();
    job.put("id", jobId).put("run_id", jobId * 10).put("created_at", now).put("started_at", now)
        .put("runner_name", runnerName);
    labels.forEach(job.putArray("labels")::add);
    return payload;
  }

  private static ObjectNode example(String file) {
    try {
      return (ObjectNode) JSON.readTree(Files.readAllBytes(
          RepositoryPaths.resolve("webhook-receiver/src/test/resources/webhooks/" + file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer deliver(ObjectNode payload) {
    try {
      byte[] body = JSON.writeValueAsBytes(payload);
      HttpRequest request = HttpRequest.newBuilder(base.resolve("/webhook"))
          .timeout(Duration.ofSeconds(15))
          .header("X-GitHub-Event", "workflow_job")
          .header("X-GitHub-Delivery", UUID.randomUUID().toString())
          .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode answer = JSON.readTree(response.body());
      return new Answer(response.statusCode(), answer.path("workflowJob").asText(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
