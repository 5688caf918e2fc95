package dev.ec2runner.operator.job;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes a pool's completed WorkflowJobs once they are older than the TTL. */
public final class CompletedJobTtl {

  private static final Logger LOG = LoggerFactory.getLogger(CompletedJobTtl.class);

  private final KubernetesClient client;
  private final Duration completedTtl;

  public CompletedJobTtl(KubernetesClient client, Duration completedTtl) {
    this.client = client;
    this.completedTtl = completedTtl;
  }

  /**
   * Deletes completed jobs older than the TTL (from completion; from creation for jobs settled by a still-queued
   * check, which have no completion time); returns when the next one expires.
   */
  public Optional<Duration> collectGarbage(List<WorkflowJob> matched, Instant now) {
    Instant next = null;
    for (WorkflowJob job : matched) {
      if (!JobState.COMPLETED.is(job.getSpec().getState()) && !JobStatuses.settledOnGitHub(job)) {
        continue;
      }
      Instant completed = Optional.ofNullable(JobStatuses.time(job.getSpec().getCompletedAt()))
          .orElse(Instant.parse(job.getMetadata().getCreationTimestamp()));
      Instant expiry = completed.plus(completedTtl);
      if (!expiry.isAfter(now)) {
        try {
          client.resource(job).delete();
          LOG.info("workflow job removed job={}/{} completedAt={}", job.getMetadata().getNamespace(),
              job.getMetadata().getName(), completed);
        } catch (KubernetesClientException e) {
          LOG.warn("workflow job not removed job={}/{} error=\"{}\"", job.getMetadata().getNamespace(),
              job.getMetadata().getName(), e.getMessage());
        }
      } else if (next == null || expiry.isBefore(next)) {
        next = expiry;
      }
    }
    return Optional.ofNullable(next).map(t -> Duration.between(now, t));
  }
}
