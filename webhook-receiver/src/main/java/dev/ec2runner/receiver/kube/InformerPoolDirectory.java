package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.matching.JobRequest;
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
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PoolOffers kept current by a RunnerPool informer in one namespace or in all, so matching a delivery costs no API
 * call. Offers are rebuilt only when a pool changes; lookups read an immutable snapshot.
 */
public final class InformerPoolDirectory implements PoolDirectory, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InformerPoolDirectory.class);

  private final SharedIndexInformer<RunnerPool> informer;
  private final ApiServerProbe probe;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot = new Snapshot(List.of(), new IdentityHashMap<>());

  /**
   * @param namespace the namespace to watch, or null for every namespace
   */
  public InformerPoolDirectory(KubernetesClient client, String namespace) {
    var pools = client.resources(RunnerPool.class);
    this.informer = namespace == null ? pools.inAnyNamespace().runnableInformer(0) : pools.inNamespace(namespace).runnableInformer(0);
    this.probe = new ApiServerProbe(client, namespace);
    informer.addEventHandler(new Handler());
    informer.exceptionHandler((started, t) -> {
      LOG.warn("Cannot list or watch RunnerPools ({}); retrying", rootCause(t));
      return true;
    });
  }

  /** Starts the informer without waiting for its first list, so the server can answer (not ready) meanwhile. */
  public InformerPoolDirectory start() {
    informer.start();
    return this;
  }

  @Override
  public Optional<ServingPool> poolFor(JobRequest job) {
    Snapshot current = snapshot;
    return PoolMatcher.bestPool(job, current.offers()).map(offer -> new ServingPool(current.namespaces().get(offer), offer.name()));
  }

  @Override
  public boolean synced() {
    return informer.hasSynced();
  }

  @Override
  public Optional<String> notReadyReason() {
    if (!informer.hasSynced()) {
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
    informer.close();
  }

  private void put(RunnerPool pool) {
    String key = key(pool);
    try {
      entries.put(key, new Entry(pool.getMetadata().getNamespace(), PoolOffer.of(pool)));
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
