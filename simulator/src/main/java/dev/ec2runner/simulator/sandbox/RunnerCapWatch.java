package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches every Runner object as it is created and deleted and keeps each pool's highest count, Runners on their
 * way out included (they still hold an instance). It sees every change the API makes, not samples of them, so a
 * pool that went above {@code maxRunners} for an instant is caught. A count above the cap is confirmed by listing
 * the pool's Runners at once: a watch that reconnects replays a listing as additions before removals, which can
 * look like one Runner too many for a moment, and a Runner really too many is still there when listed.
 */
final class RunnerCapWatch implements AutoCloseable {

  private final Map<String, Integer> maxRunners = new TreeMap<>();
  private final Map<String, Map<String, String>> current = new TreeMap<>();
  private final Map<String, String> overCap = new TreeMap<>();
  private final Map<String, Integer> peaks = new TreeMap<>();
  private final SharedIndexInformer<Runner> informer;
  private final KubernetesClient client;

  /** @param namespace the only namespace with pools; null for all */
  RunnerCapWatch(KubernetesClient client, String namespace, List<RunnerPool> pools) {
    this.client = client;
    pools.forEach(pool -> maxRunners.put(key(pool.getMetadata().getNamespace(), pool.getMetadata().getName()),
        pool.getSpec().getScaling().getMaxRunners()));
    var all = client.resources(Runner.class);
    var runners = namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
    informer = runners.inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Runner runner) {
        added(runner);
      }

      @Override
      public void onUpdate(Runner before, Runner after) {
        added(after);
      }

      @Override
      public void onDelete(Runner runner, boolean finalStateUnknown) {
        removed(runner);
      }
    });
  }

  private synchronized void added(Runner runner) {
    String pool = key(runner.getMetadata().getNamespace(), runner.getSpec().getPool());
    Map<String, String> runners = current.computeIfAbsent(pool, p -> new TreeMap<>());
    boolean added = runners.put(runner.getMetadata().getName(), describe(runner)) == null;
    if (added) {
      Integer max = maxRunners.get(pool);
      if (max != null && runners.size() > max) {
        confirm(runner, runners);
      }
      peaks.merge(pool, runners.size(), Math::max);
      if (max != null && runners.size() > max && !overCap.containsKey(pool)) {
        // The first moment above the cap, with every Runner then present, to tell how it came about.
        overCap.put(pool, String.join("; ", runners.values()));
      }
    } else {
      runners.put(runner.getMetadata().getName(), describe(runner));
    }
  }

  private synchronized void removed(Runner runner) {
    String pool = key(runner.getMetadata().getNamespace(), runner.getSpec().getPool());
    current.getOrDefault(pool, new TreeMap<>()).remove(runner.getMetadata().getName());
  }

  /** Replaces the watch's view of the pool with what the API lists now. */
  private void confirm(Runner runner, Map<String, String> runners) {
    List<Runner> listed = client.resources(Runner.class).inNamespace(runner.getMetadata().getNamespace())
        .withLabel(ApiGroup.POOL_LABEL, runner.getSpec().getPool()).list().getItems();
    if (listed.size() < runners.size()) {
      runners.clear();
      listed.forEach(r -> runners.put(r.getMetadata().getName(), describe(r)));
    }
  }

  private static String describe(Runner runner) {
    var annotations = runner.getMetadata().getAnnotations();
    String creator = annotations == null ? null : annotations.get(ApiGroup.GROUP + "/created-by");
    return runner.getMetadata().getName() + " created " + runner.getMetadata().getCreationTimestamp()
        + (creator == null ? "" : " by " + creator) + " rv " + runner.getMetadata().getResourceVersion()
        + (runner.getMetadata().getDeletionTimestamp() == null ? "" : " deleting")
        + (runner.getStatus() == null ? "" : " " + runner.getStatus().getPhase());
  }

  /** The highest number of Runner objects each pool ({@code namespace/name}) had at once. */
  synchronized Map<String, Integer> peaks() {
    return Map.copyOf(peaks);
  }

  /** One message per pool whose Runners ever outnumbered its {@code maxRunners}. */
  synchronized List<String> violations() {
    List<String> violations = new ArrayList<>();
    peaks.forEach((pool, peak) -> {
      Integer max = maxRunners.get(pool);
      if (max != null && peak > max) {
        violations.add("pool " + pool + " had " + peak + " Runner objects at once, above maxRunners " + max
            + " (first time above: " + overCap.get(pool) + ")");
      }
    });
    return violations;
  }

  private static String key(String namespace, String pool) {
    return namespace + "/" + pool;
  }

  @Override
  public void close() {
    informer.close();
  }
}
