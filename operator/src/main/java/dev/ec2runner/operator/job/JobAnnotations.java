package dev.ec2runner.operator.job;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the operator's annotations on a WorkflowJob, whose spec the receiver owns. */
final class JobAnnotations {

  private static final Logger LOG = LoggerFactory.getLogger(JobAnnotations.class);
  private static final int ATTEMPTS = 5;

  private JobAnnotations() {
  }

  /**
   * Adds annotations the job does not have yet. The receiver updates the same object as webhooks arrive, so a write
   * that lost the race (409) is read and tried again: a lost mark would be a lost rerun.
   */
  static void add(KubernetesClient client, WorkflowJob job, Map<String, String> added) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(WorkflowJob.class).inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName()).edit(j -> {
              Map<String, String> annotations = j.getMetadata().getAnnotations() == null ? new HashMap<>()
                  : new HashMap<>(j.getMetadata().getAnnotations());
              added.forEach(annotations::putIfAbsent);
              j.getMetadata().setAnnotations(annotations);
              return j;
            });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < ATTEMPTS) {
          continue;
        }
        LOG.warn("workflow job not annotated job={}/{} annotation={} error=\"{}\"", job.getMetadata().getNamespace(),
            job.getMetadata().getName(), String.join(",", added.keySet()), e.getMessage());
        return;
      }
    }
  }
}
