package dev.ec2runner.operator.pool;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.kube.ConcurrentRequests;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.Deletion;
import dev.ec2runner.operator.planner.DeletionReason;
import dev.ec2runner.operator.planner.Plan;
import dev.ec2runner.operator.runner.RunnerFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan: creates Runners (and puts each in the informer's cache at once, so the next reconcile counts
 * it even before the watch delivers it: this is what keeps the cap) and deletes Runners (remembering the request
 * until the informer shows the deletion).
 */
final class PoolScaler {

  private static final Logger LOG = LoggerFactory.getLogger(PoolScaler.class);
  private static final Duration REMEMBER_DELETIONS = Duration.ofMinutes(5);
  private static final int NAME_ATTEMPTS = 3;
  static final String CREATED_BY = dev.ec2runner.api.v1alpha1.ApiGroup.GROUP + "/created-by";

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private final Map<String, Instant> deletionRequests = new ConcurrentHashMap<>();
  /** Which operator process created a Runner: its host (the pod's name) and a tag drawn at start. */
  private final String creator = hostName() + "/" + Long.toString(
      java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);

  private final ConcurrentRequests requests;

  PoolScaler(EventRecorder events, OperatorMetrics metrics, Clock clock, BooleanSupplier stopping,
      ConcurrentRequests requests) {
    this.stopping = stopping;
    this.requests = requests;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Whether this pool asked to delete the Runner and the informer may not show it yet. */
  boolean deletionRequested(Runner runner) {
    Instant requested = deletionRequests.get(runner.getMetadata().getUid());
    return requested != null && requested.plus(REMEMBER_DELETIONS).isAfter(clock.instant());
  }

  void apply(RunnerPool pool, Plan plan, List<Runner> runners, InformerEventSource<Runner, RunnerPool> cache,
      KubernetesClient client) {
    forgetSettledDeletions(runners);
    // The plan counted every Runner in the cache and creates at most maxRunners minus that count, so the creates of
    // one plan may run together; all of them are in the cache before this reconcile ends and the next one plans.
    // None starts once the process is stopping (its cache may no longer follow the cluster).
    List<Supplier<Boolean>> creates = new ArrayList<>();
    for (int i = 0; i < plan.create(); i++) {
      Instant queuedAt = i < plan.demandQueuedAt().size() ? plan.demandQueuedAt().get(i) : null;
      creates.add(() -> !stopping.getAsBoolean() && create(pool, queuedAt, cache, client));
    }
    int created = (int) requests.all(creates).stream().filter(Boolean::booleanValue).count();
    if (created > 0) {
      events.normal(pool, "ScaledUp", "created " + created + " runner(s): demand " + plan.demand() + " (pending jobs "
          + plan.counts().pendingJobs() + ", idle target " + plan.idleTarget() + "), supply " + plan.supply()
          + "; " + (plan.counts().runners() - plan.create() + created) + " Runners now"
          + (pool.getSpec().getScaling() == null ? "" : ", maxRunners " + pool.getSpec().getScaling().getMaxRunners()));
    }
    Map<String, Runner> byName = runners.stream().collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
    List<Deletion> deleted = plan.deletions().stream()
        .filter(d -> byName.containsKey(d.runnerName()) && !deletionRequested(byName.get(d.runnerName())))
        .filter(d -> delete(byName.get(d.runnerName()), client))
        .toList();
    deleted.forEach(d -> metrics.runnerDeleted(d.reason().name()));
    // An ephemeral runner that finished its job goes once per job, which the metric counts: an Event for each would
    // be a write per job that tells nothing new. Removals for any other reason are news.
    List<Deletion> notable = deleted.stream().filter(d -> d.reason() != DeletionReason.COMPLETED).toList();
    if (!notable.isEmpty()) {
      events.normal(pool, "ScaledDown", "deleting " + notable.stream()
          .map(d -> d.runnerName() + " (" + describe(d.reason()) + ")").collect(Collectors.joining(", ")));
    }
    deleted.stream().filter(d -> d.reason() == DeletionReason.BOOT_TIMEOUT).forEach(d -> events.warning(pool,
        "RunnerReplaced", d.runnerName() + " did not register with GitHub within bootTimeout; replacing it"));
  }

  void deleteAll(RunnerPool pool, Collection<Runner> runners, KubernetesClient client) {
    runners.stream()
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null && !deletionRequested(r))
        .forEach(r -> delete(r, client));
  }

  private boolean create(RunnerPool pool, Instant queuedAt, InformerEventSource<Runner, RunnerPool> cache,
      KubernetesClient client) {
    for (int attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
      Runner runner = RunnerFactory.newRunner(pool, queuedAt);
      runner.getMetadata().getAnnotations().put(CREATED_BY, creator);
      try {
        Runner created = client.resource(runner).create();
        cache.handleRecentResourceCreate(ResourceID.fromResource(pool), created);
        LOG.info("runner created pool={}/{} runner={}", pool.getMetadata().getNamespace(),
            pool.getMetadata().getName(), created.getMetadata().getName());
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == NAME_ATTEMPTS) {
          events.warning(pool, "CreateRunnerFailed", "could not create a Runner: HTTP " + e.getCode() + " "
              + e.getStatus().getMessage());
          return false;
        }
      }
    }
    return false;
  }

  private boolean delete(Runner runner, KubernetesClient client) {
    try {
      client.resource(runner).delete();
      deletionRequests.put(runner.getMetadata().getUid(), clock.instant());
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("runner not deleted runner={}/{} error=\"{}\"", runner.getMetadata().getNamespace(),
          runner.getMetadata().getName(), e.getMessage());
      return false;
    }
  }

  private void forgetSettledDeletions(List<Runner> runners) {
    Map<String, Runner> byUid = runners.stream().collect(Collectors.toMap(r -> r.getMetadata().getUid(), r -> r));
    deletionRequests.keySet().removeIf(uid -> !byUid.containsKey(uid)
        || byUid.get(uid).getMetadata().getDeletionTimestamp() != null);
  }

  private static String hostName() {
    String pod = System.getenv("HOSTNAME");
    return pod == null || pod.isBlank() ? "operator" : pod;
  }

  private static String describe(DeletionReason reason) {
    return switch (reason) {
      case FAILED -> "failed";
      case COMPLETED -> "finished its job";
      case BOOT_TIMEOUT -> "not registered within bootTimeout";
      case IDLE_TIMEOUT -> "idle past idleTimeout";
      case OVER_CAPACITY -> "above maxRunners";
    };
  }
}
