package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where a scenario's pools go in the sandbox's cluster, and how many runners each keeps on purpose. */
final class PoolPlacement {

  private PoolPlacement() {
  }

  /** On the sandbox's own server: each pool in its own namespace, {@code default} if it names none. */
  static List<RunnerPool> withDefaultNamespace(List<RunnerPool> pools) {
    return pools.stream().map(pool -> {
      RunnerPool copy = copy(pool);
      if (copy.getMetadata().getNamespace() == null || copy.getMetadata().getNamespace().isBlank()) {
        copy.getMetadata().setNamespace(SandboxCluster.DEFAULT_NAMESPACE);
      }
      return copy;
    }).toList();
  }

  /**
   * On an existing cluster: every pool in the sandbox's one namespace.
   *
   * @throws ScenarioRefused two pools of the scenario have the same name
   */
  static List<RunnerPool> inNamespace(List<RunnerPool> pools, String namespace) {
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < pools.size(); i++) {
      Integer earlier = names.putIfAbsent(pools.get(i).getMetadata().getName(), i);
      if (earlier != null) {
        throw new ScenarioRefused("scenario pools[" + i + "] (" + pools.get(i).getMetadata().getName()
            + "): on an existing cluster every pool goes to the sandbox's namespace, where pools[" + earlier
            + "] has the same name");
      }
    }
    return pools.stream().map(pool -> {
      RunnerPool copy = copy(pool);
      copy.getMetadata().setNamespace(namespace);
      return copy;
    }).toList();
  }

  private static RunnerPool copy(RunnerPool pool) {
    return Serialization.unmarshal(Serialization.asJson(pool), RunnerPool.class);
  }

  /** The runners a pool keeps even when idle: the largest of {@code replicas}, {@code minIdle} and idle schedules. */
  static int floor(RunnerPool pool) {
    var scaling = pool.getSpec().getScaling();
    int floor = pool.getSpec().getReplicas() == null ? 0 : pool.getSpec().getReplicas();
    if (scaling.getMinIdle() != null) {
      floor = Math.max(floor, scaling.getMinIdle());
    }
    if (scaling.getIdleSchedules() != null) {
      for (var schedule : scaling.getIdleSchedules()) {
        floor = Math.max(floor, schedule.getCount() == null ? 0 : schedule.getCount());
      }
    }
    return floor;
  }
}
