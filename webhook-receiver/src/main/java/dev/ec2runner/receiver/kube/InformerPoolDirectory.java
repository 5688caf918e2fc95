package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.matching.JobRequest;
import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.matching.PoolMatcher;
import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PoolOffers kept current by RunnerPool informers in the namespaces the operator watches (or one for all), so
 * matching a delivery costs no API call. Offers are rebuilt only when a pool changes; lookups read an immutable snapshot.
 */
public final class InformerPoolDirectory implements PoolDirectory, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InformerPoolDirectory.class);

  private final List<SharedIndexInformer<RunnerPool>> informers;
  private final NamespaceScopes allowedScopes;
  private final ApiServerProbe probe;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Set<String> refusedReported = ConcurrentHashMap.newKeySet();
  private volatile Snapshot snapshot = new Snapshot(List.of(), new IdentityHashMap<>());

  /** The pools of one namespace, or of every namespace when it is null; every scope allowed. */
  public InformerPoolDirectory(KubernetesClient client, String namespace) {
    this(client, namespace == null ? List.of() : List.of(namespace), NamespaceScopes.unrestricted());
  }

  /**
   * @param namespaces the namespaces the operator watches (one informer each, as its RBAC allows), or empty for
   *     every namespace: the receiver must see exactly the pools the operator serves, or it would write jobs for
   *     a pool nobody serves while a served pool could take them
   * @param allowedScopes which scopes each namespace's pools may serve; other pools take no jobs
   */
  public InformerPoolDirectory(KubernetesClient client, List<String> namespaces, NamespaceScopes allowedScopes) {
    var pools = client.resources(RunnerPool.class);
    this.informers = namespaces.isEmpty() ? List.of(pools.inAnyNamespace().runnableInformer(0))
        : namespaces.stream().map(ns -> pools.inNamespace(ns).runnableInformer(0)).toList();
    this.allowedScopes = allowedScopes;
    this.probe = new ApiServerProbe(client, namespaces.isEmpty() ? null : namespaces.get(0));
    for (SharedIndexInformer<RunnerPool> informer : informers) {
      informer.addEventHandler(new Handler());
      informer.exceptionHandler((started, t) -> {
        LOG.warn("Cannot list or watch RunnerPools ({}); retrying", rootCause(t));
        return true;
      });
    }
  }

  /** Starts the informers without waiting for their first lists, so the server can answer (not ready) meanwhile. */
  public InformerPoolDirectory start() {
    informers.forEach(SharedIndexInformer::start);
    return this;
  }

  @Override
  public Optional<ServingPool> poolFor(JobRequest job) {
    Snapshot current = snapshot;
    return PoolMatcher.bestPool(job, current.offers()).map(offer -> new ServingPool(current.namespaces().get(offer), offer.name()));
  }

  @Override
  public boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public Optional<String> notReadyReason() {
    if (!synced()) {
      return Optional.of("RunnerPool cache not synced");
    }
    if (!probe.reachable()) {
      return Optional.of("Kubernetes API unreachable");
    }
    return Optional.empty();
  }

  /** How many pools the directory can match jobs to. */
  public int size() {
    return snapshot.offers().size();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  private void put(RunnerPool pool) {
    String key = key(pool);
    try {
      PoolOffer offer = PoolOffer.of(pool);
      Optional<String> refusal = allowedScopes.refusal(pool.getMetadata().getNamespace(), offer.scope());
      if (refusal.isPresent()) {
        // The operator marks such a pool ScopeNotAllowed and launches nothing for it: matching a job to it would
        // write the job where no runner comes, while another pool may serve it.
        entries.remove(key);
        if (refusedReported.add(key)) {
          LOG.warn("RunnerPool {} takes no jobs: {}", key, refusal.get());
        }
        rebuild();
        return;
      }
      refusedReported.remove(key);
      entries.put(key, new Entry(pool.getMetadata().getNamespace(), offer));
    } catch (RuntimeException invalid) {
      // The CRD schema normally prevents this; a pool we cannot read must not take jobs.
      entries.remove(key);
      LOG.warn("RunnerPool {} is not usable for matching: {}", key, invalid.getMessage());
    }
    rebuild();
  }

  private void remove(RunnerPool pool) {
    entries.remove(key(pool));
    rebuild();
  }

  private synchronized void rebuild() {
    Map<PoolOffer, String> namespaces = new IdentityHashMap<>();
    entries.values().forEach(entry -> namespaces.put(entry.offer(), entry.namespace()));
    snapshot = new Snapshot(List.copyOf(namespaces.keySet()), namespaces);
  }

  private static String rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static String key(RunnerPool pool) {
    return pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName();
  }

  private record Entry(String namespace, PoolOffer offer) {
  }

  /** Offers and, by identity, the namespace of each (two namespaces may hold equal pools). */
  private record Snapshot(List<PoolOffer> offers, Map<PoolOffer, String> namespaces) {
  }

  private final class Handler implements ResourceEventHandler<RunnerPool> {
    @Override
    public void onAdd(RunnerPool pool) {
      put(pool);
    }

    @Override
    public void onUpdate(RunnerPool oldPool, RunnerPool newPool) {
      put(newPool);
    }

    @Override
    public void onDelete(RunnerPool pool, boolean deletedFinalStateUnknown) {
      remove(pool);
    }
  }
}
