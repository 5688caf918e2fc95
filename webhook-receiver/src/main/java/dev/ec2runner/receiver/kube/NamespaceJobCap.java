package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.event.JobEvent;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the WorkflowJobs of a namespace: at the cap, a job not recorded yet is refused as unavailable (503), so
 * GitHub records the delivery as failed and it is redelivered (by the operator's webhook recovery) once finished
 * jobs have been removed; events of jobs already recorded always go through, since they are what lets jobs finish
 * and be removed.
 *
 * <p>Counting is one list call of a single item (the server reports how many remain). Far below the cap a count is
 * reused for {@link #RECOUNT_AFTER} and raised by each job this receiver creates, so a busy namespace costs one list
 * a second rather than one per delivery (the hot path stays one read and one write); within a tenth of the cap
 * every new job is counted afresh. The cap is therefore exact only up to deliveries racing each other and to other
 * receiver replicas' creates within that second; a ResourceQuota on the namespace is the hard limit.
 */
public final class NamespaceJobCap implements WorkflowJobWriter {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceJobCap.class);

  public static final int DEFAULT_MAX_JOBS = WorkflowJob.DEFAULT_MAX_PER_NAMESPACE;
  static final Duration RECOUNT_AFTER = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final WorkflowJobWriter delegate;
  private final int maxJobs;
  /** Below this many, a recent count is trusted; at or above it every new job is counted afresh. */
  private final long trustCountBelow;
  private final Map<String, Count> counts = new ConcurrentHashMap<>();
  private volatile boolean listForbiddenReported;

  /** A namespace's WorkflowJobs as last listed, plus those this receiver created since. */
  private record Count(long held, long listedAtNanos) {
  }

  /** @param maxJobs the most WorkflowJobs a namespace may hold; 0 for no cap */
  public NamespaceJobCap(KubernetesClient client, WorkflowJobWriter delegate, int maxJobs) {
    this.client = client;
    this.delegate = delegate;
    this.maxJobs = maxJobs;
    this.trustCountBelow = maxJobs - Math.max(1, maxJobs / 10);
  }

  @Override
  public Result write(String namespace, JobEvent event, String deliveryId) {
    if (maxJobs <= 0) {
      return delegate.write(namespace, event, deliveryId);
    }
    long held = held(namespace);
    if (held >= maxJobs && !recorded(namespace, event)) {
      throw new KubernetesUnavailableException("namespace " + namespace + " holds " + held + " WorkflowJobs, the "
          + "receiver's cap (--max-jobs-per-namespace " + maxJobs + "); not recorded now, GitHub keeps the failed "
          + "delivery for redelivery once finished jobs are removed", null);
    }
    Result result = delegate.write(namespace, event, deliveryId);
    if (result == Result.CREATED) {
      counts.computeIfPresent(namespace, (ns, count) -> new Count(count.held() + 1, count.listedAtNanos()));
    }
    return result;
  }

  private long held(String namespace) {
    long now = System.nanoTime();
    Count recent = counts.get(namespace);
    if (recent != null && recent.held() < trustCountBelow && now - recent.listedAtNanos() < RECOUNT_AFTER.toNanos()) {
      return recent.held();
    }
    long held = count(namespace);
    counts.put(namespace, new Count(held, now));
    return held;
  }

  /** The namespace's WorkflowJobs; 0 when the receiver may not list them (then the cap cannot be kept). */
  private long count(String namespace) {
    try {
      var list = client.resources(WorkflowJob.class).inNamespace(namespace)
          .list(new ListOptionsBuilder().withLimit(1L).build());
      ListMeta meta = list.getMetadata();
      long remaining = meta == null || meta.getRemainingItemCount() == null ? 0 : meta.getRemainingItemCount();
      return list.getItems().size() + remaining;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        // RBAC of an older chart (no "list"): refusing every job for that would lose more than an unkept cap.
        if (!listForbiddenReported) {
          listForbiddenReported = true;
          LOG.warn("Not allowed to list WorkflowJobs in namespace {}: the cap of {} WorkflowJobs per namespace is "
              + "not kept (grant the receiver list on workflowjobs)", namespace, maxJobs);
        }
        return 0;
      }
      throw unavailable("could not count the WorkflowJobs of namespace " + namespace, e);
    }
  }

  private boolean recorded(String namespace, JobEvent event) {
    try {
      return client.resources(WorkflowJob.class).inNamespace(namespace).withName(WorkflowJob.nameFor(event.jobId()))
          .get() != null;
    } catch (KubernetesClientException e) {
      throw unavailable("could not read WorkflowJob " + namespace + "/" + WorkflowJob.nameFor(event.jobId()), e);
    }
  }

  /** Worded as the writer words it, so an outage reads the same whichever call met it first. */
  private static KubernetesUnavailableException unavailable(String what, KubernetesClientException e) {
    return new KubernetesUnavailableException(e.getCode() <= 0 ? "the Kubernetes API is unreachable"
        : what + " (HTTP " + e.getCode() + ")", e);
  }
}
