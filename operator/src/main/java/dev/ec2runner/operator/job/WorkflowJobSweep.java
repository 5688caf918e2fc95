package dev.ec2runner.operator.job;

import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.WatchedNamespaces;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.observe.Snapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks after the WorkflowJobs of the managed namespaces as a whole, which no pool reconcile does. It removes those
 * no pool serves any more (their pool was deleted, or relabelled so that it no longer takes them), which nothing
 * else ever would: like a finished job, such a job is kept for the WorkflowJob TTL, counted from when the operator
 * first found it unserved (a pool that is being replaced gets it back meanwhile), and a Warning Event on it says
 * so. And it warns, on every pool of a namespace, when the namespace holds the receiver's cap of WorkflowJobs, beyond
 * which new jobs are refused. Runs after every {@value #EVERY}th observation, on the leader only: listing every
 * WorkflowJob is not free.
 */
public final class WorkflowJobSweep implements Consumer<Snapshot> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowJobSweep.class);
  static final String NO_POOL_SERVES_JOB = "NoPoolServesJob";
  static final String CAP_REACHED = "WorkflowJobCapReached";
  static final int EVERY = 4;

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration ttl;
  private final int maxPerNamespace;
  private final WatchedNamespaces namespaces;
  private final Map<String, Instant> unservedSince = new HashMap<>();
  private long observations;

  /**
   * @param ttl how long a finished (here: unserved) WorkflowJob is kept
   * @param maxPerNamespace the receiver's cap of WorkflowJobs per namespace; 0 for none
   * @param namespaces the namespaces this operator manages; empty for all
   */
  public WorkflowJobSweep(KubernetesClient client, EventRecorder events, Clock clock, Duration ttl,
      int maxPerNamespace, Set<String> namespaces) {
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.ttl = ttl;
    this.maxPerNamespace = maxPerNamespace;
    this.namespaces = new WatchedNamespaces(namespaces);
  }

  @Override
  public synchronized void accept(Snapshot snapshot) {
    if (observations++ % EVERY != 0) {
      return;
    }
    try {
      sweep(clock.instant());
    } catch (KubernetesClientException e) {
      LOG.warn("unserved workflow job sweep failed error=\"{}\"", e.getMessage());
    }
  }

  private void sweep(Instant now) {
    Map<String, List<RunnerPool>> pools = namespaces.list(client, RunnerPool.class).stream()
        .collect(Collectors.groupingBy(p -> p.getMetadata().getNamespace()));
    List<WorkflowJob> jobs = namespaces.list(client, WorkflowJob.class);
    warnAtCap(jobs, pools);
    Map<String, List<PoolOffer>> offers = new HashMap<>();
    pools.forEach((namespace, inNamespace) -> offers.put(namespace, JobMatching.offers(inNamespace)));
    Set<String> unserved = new HashSet<>();
    for (WorkflowJob job : jobs) {
      String namespace = job.getMetadata().getNamespace();
      if (job.getMetadata().getDeletionTimestamp() != null
          || JobMatching.servingPool(job, offers.getOrDefault(namespace, List.of())).isPresent()) {
        continue;
      }
      String key = namespace + "/" + job.getMetadata().getName();
      unserved.add(key);
      Instant since = unservedSince.get(key);
      if (since == null) {
        unservedSince.put(key, now);
        events.warning(job, NO_POOL_SERVES_JOB, "no RunnerPool in namespace " + namespace + " serves this job "
            + "any more (deleted or relabelled); it is removed at " + now.plus(ttl) + " unless one does again");
      } else if (!now.isBefore(since.plus(ttl))) {
        delete(job, since);
      }
    }
    unservedSince.keySet().retainAll(unserved);
  }

  private void warnAtCap(List<WorkflowJob> jobs, Map<String, List<RunnerPool>> pools) {
    if (maxPerNamespace <= 0) {
      return;
    }
    Map<String, Long> held = jobs.stream()
        .collect(Collectors.groupingBy(j -> j.getMetadata().getNamespace(), Collectors.counting()));
    held.forEach((namespace, count) -> {
      if (count >= maxPerNamespace) {
        pools.getOrDefault(namespace, List.of()).forEach(pool -> events.warning(pool, CAP_REACHED, "namespace "
            + namespace + " holds " + count + " WorkflowJobs, the cap of " + maxPerNamespace + " (MAX_WORKFLOW_JOBS_"
            + "PER_NAMESPACE): the receiver refuses new jobs with 503 until finished ones are removed, and they are "
            + "redelivered then; look for jobs that never finish, or raise the cap"));
      }
    });
  }

  private void delete(WorkflowJob job, Instant unservedSince) {
    try {
      client.resource(job).delete();
      LOG.info("workflow job no pool serves removed job={}/{} unservedSince={}", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), unservedSince);
    } catch (KubernetesClientException e) {
      LOG.warn("workflow job not removed job={}/{} error=\"{}\"", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), e.getMessage());
    }
  }
}
