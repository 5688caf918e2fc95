package dev.ec2runner.receiver.kube;

import dev.ec2runner.receiver.event.JobEvent;

/**
 * Records job events on WorkflowJob objects: idempotent, and never moving a job's state backwards.
 *
 * <p>Implementations: {@link KubernetesWorkflowJobWriter} (the API server; {@link NamespaceJobCap} bounds it per
 * namespace) and, in the receiver's tests, one fake, {@code InMemoryWorkflowJobWriter}; both are held to
 * {@code WorkflowJobWriterContract}, the first on the real API server.
 */
public interface WorkflowJobWriter {

  /** What a write did. */
  enum Result {
    CREATED, UPDATED, UNCHANGED
  }

  /**
   * Creates the job's WorkflowJob in the namespace on first sight, or merges the event into it (see
   * {@link WorkflowJobMerge}). Returns only after the write is stored, and within a bounded time.
   *
   * @throws KubernetesUnavailableException when the API server cannot be reached or answered with a server-side
   *     error, so the delivery should be retried later
   * @throws WorkflowJobRejectedException when the API server refused the object as invalid
   */
  Result write(String namespace, JobEvent event, String deliveryId);
}
