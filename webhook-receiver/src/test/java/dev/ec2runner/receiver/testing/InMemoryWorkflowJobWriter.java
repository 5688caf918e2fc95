package dev.ec2runner.receiver.testing;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.kube.KubernetesUnavailableException;
import dev.ec2runner.receiver.kube.WorkflowJobMerge;
import dev.ec2runner.receiver.kube.WorkflowJobWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WorkflowJobs in a map, with the same merge as the real writer: the benchmark's sink and the unit tests' store.
 * Failure switches: {@link #failWhileUnavailable}, and {@link #holdWrites} to keep writes in flight.
 */
public final class InMemoryWorkflowJobWriter implements WorkflowJobWriter {

  private final Map<String, WorkflowJobSpec> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger writesStarted = new AtomicInteger();
  private volatile boolean unavailable;
  private volatile CountDownLatch hold;

  @Override
  public Result write(String namespace, JobEvent event, String deliveryId) {
    writesStarted.incrementAndGet();
    CountDownLatch latch = hold;
    if (latch != null) {
      await(latch);
    }
    if (unavailable) {
      throw new KubernetesUnavailableException("the Kubernetes API is unreachable", null);
    }
    String key = namespace + "/" + WorkflowJob.nameFor(event.jobId());
    Result[] result = {Result.UNCHANGED};
    jobs.compute(key, (k, current) -> {
      if (current == null) {
        result[0] = Result.CREATED;
        return WorkflowJobMerge.initial(event, deliveryId);
      }
      Optional<WorkflowJobSpec> next = WorkflowJobMerge.apply(current, event, deliveryId);
      next.ifPresent(spec -> result[0] = Result.UPDATED);
      return next.orElse(current);
    });
    return result[0];
  }

  public Optional<WorkflowJobSpec> job(String namespace, String name) {
    return Optional.ofNullable(jobs.get(namespace + "/" + name));
  }

  public int size() {
    return jobs.size();
  }

  public int writesStarted() {
    return writesStarted.get();
  }

  public void failWhileUnavailable(boolean value) {
    unavailable = value;
  }

  /** Makes writes wait until the returned latch is counted down. */
  public CountDownLatch holdWrites() {
    CountDownLatch latch = new CountDownLatch(1);
    hold = latch;
    return latch;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("held write was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
