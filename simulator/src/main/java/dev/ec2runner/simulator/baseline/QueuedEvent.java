package dev.ec2runner.simulator.baseline;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import java.time.Instant;

/**
 * An accepted {@code workflow_job queued} event as the webhook Lambda put it on the queue.
 *
 * @param firstSent when the webhook Lambda sent it (retention counts from here)
 * @param receives how often the scale-up Lambda has received it so far
 */
record QueuedEvent(long jobId, String repository, RunnerPool pool, Instant firstSent, int receives) {

  QueuedEvent received() {
    return new QueuedEvent(jobId, repository, pool, firstSent, receives + 1);
  }
}
