package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.event.JobEvent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes WorkflowJobs through the Kubernetes API: read, merge, then create or update with the read resourceVersion,
 * so two deliveries of one job racing each other cannot lose an update (the loser re-reads and merges again).
 *
 * <p>GitHub waits 10 s for an answer, so conflicts are retried only a few times and only within a short budget; the
 * client's request timeouts ({@link BoundedClientConfig}) bound each call.
 */
public final class KubernetesWorkflowJobWriter implements WorkflowJobWriter {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesWorkflowJobWriter.class);
  static final int MAX_ATTEMPTS = 4;
  /** No new attempt starts after this; with the client's request timeouts every answer stays well within 10 s. */
  private static final Duration RETRY_BUDGET = Duration.ofSeconds(4);
  private static final int UNPROCESSABLE = 422;
  /** The cause the API server gives for refusing new objects in a namespace that is being deleted. */
  private static final String NAMESPACE_TERMINATING = "NamespaceTerminating";
  /** How the API server's quota admission words a refusal. */
  private static final String EXCEEDED_QUOTA = "exceeded quota";

  private final KubernetesClient client;

  public KubernetesWorkflowJobWriter(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Result write(String namespace, JobEvent event, String deliveryId) {
    String name = WorkflowJob.nameFor(event.jobId());
    var resource = client.resources(WorkflowJob.class).inNamespace(namespace).withName(name);
    long retryUntil = System.nanoTime() + RETRY_BUDGET.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        WorkflowJob current = resource.get();
        if (current == null) {
          resource.create(newJob(namespace, event, deliveryId));
          return Result.CREATED;
        }
        Optional<WorkflowJobSpec> next = WorkflowJobMerge.apply(current.getSpec(), event, deliveryId);
        if (next.isEmpty()) {
          return Result.UNCHANGED;
        }
        current.setSpec(next.get());
        // update() sends the resourceVersion we read: a concurrent writer makes it fail with 409 instead of losing data.
        client.resource(current).update();
        return Result.UPDATED;
      } catch (KubernetesClientException e) {
        if (retriable(e.getCode()) && attempt < MAX_ATTEMPTS && System.nanoTime() < retryUntil) {
          LOG.debug("Write of {}/{} lost a race (HTTP {}); reading it again", namespace, name, e.getCode());
          continue;
        }
        throw translate(e, namespace);
      }
    }
  }

  /** A lost race: another writer changed (409) or deleted (404) the object between our read and our write. */
  private static boolean retriable(int code) {
    return code == HttpURLConnection.HTTP_CONFLICT || code == HttpURLConnection.HTTP_NOT_FOUND;
  }

  private static WorkflowJob newJob(String namespace, JobEvent event, String deliveryId) {
    WorkflowJob job = new WorkflowJob();
    job.setMetadata(new ObjectMetaBuilder().withName(WorkflowJob.nameFor(event.jobId())).withNamespace(namespace).build());
    job.setSpec(WorkflowJobMerge.initial(event, deliveryId));
    return job;
  }

  private static boolean hasCause(KubernetesClientException e, String reason) {
    Status status = e.getStatus();
    return status != null && status.getDetails() != null && status.getDetails().getCauses() != null
        && status.getDetails().getCauses().stream().anyMatch(cause -> reason.equals(cause.getReason()));
  }

  /** The API server's "exceeded quota: …" words (quota name and counts), when a ResourceQuota refused the write. */
  private static Optional<String> quotaMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    String message = status == null || status.getMessage() == null ? "" : status.getMessage();
    int at = message.indexOf(EXCEEDED_QUOTA);
    return at < 0 ? Optional.empty() : Optional.of(message.substring(at));
  }

  private static RuntimeException translate(KubernetesClientException e, String namespace) {
    int code = e.getCode();
    if (code == HttpURLConnection.HTTP_BAD_REQUEST || code == UNPROCESSABLE) {
      return new WorkflowJobRejectedException("the Kubernetes API rejected the WorkflowJob (HTTP " + code + ")", e);
    }
    if (code <= 0) {
      // No HTTP answer at all: connection refused, reset or timed out.
      return new KubernetesUnavailableException("the Kubernetes API is unreachable", e);
    }
    if (code == HttpURLConnection.HTTP_FORBIDDEN && hasCause(e, NAMESPACE_TERMINATING)) {
      // Forbidden, but not by RBAC: the pool's namespace is going away (its pool still cached). A redelivery finds
      // the pool gone, or another pool that serves the job.
      return new KubernetesUnavailableException("namespace " + namespace + " is being deleted", e);
    }
    if (code == HttpURLConnection.HTTP_FORBIDDEN && quotaMessage(e).isPresent()) {
      // Forbidden, but by the namespace's ResourceQuota, not RBAC: the job is redelivered once jobs are removed.
      return new KubernetesUnavailableException("namespace " + namespace + " is at its ResourceQuota for WorkflowJobs ("
          + quotaMessage(e).get() + "); GitHub keeps the failed delivery for redelivery once finished jobs are removed",
          e);
    }
    String reason = switch (code) {
      case HttpURLConnection.HTTP_CONFLICT -> "concurrent writes kept conflicting";
      case HttpURLConnection.HTTP_UNAUTHORIZED, HttpURLConnection.HTTP_FORBIDDEN ->
          "not allowed to write WorkflowJobs in namespace " + namespace + " (check RBAC)";
      default -> "the Kubernetes API answered HTTP " + code;
    };
    return new KubernetesUnavailableException(reason, e);
  }
}
