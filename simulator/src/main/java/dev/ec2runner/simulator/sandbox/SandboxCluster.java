package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.simulator.kube.EmbeddedKubernetesApi;
import dev.ec2runner.simulator.report.FleetTable;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's Kubernetes side: the embedded API with the project's CRDs, the namespaces and App Secrets the
 * scenario's pools need, and the pools themselves, applied and deleted as a user would with kubectl.
 */
final class SandboxCluster implements AutoCloseable {

  static final String DEFAULT_NAMESPACE = "default";

  private final EmbeddedKubernetesApi api;
  private final List<RunnerPool> pools;

  private SandboxCluster(EmbeddedKubernetesApi api, List<RunnerPool> pools) {
    this.api = api;
    this.pools = pools;
  }

  /** Starts the API on loopback with the CRDs; pools without a namespace go to {@value #DEFAULT_NAMESPACE}. */
  static SandboxCluster start(List<RunnerPool> scenarioPools) {
    List<RunnerPool> pools = scenarioPools.stream().map(SandboxCluster::namespaced).toList();
    EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(pools.get(0).getMetadata().getNamespace());
    try {
      api.applyProjectCrds();
      return new SandboxCluster(api, pools);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  private static RunnerPool namespaced(RunnerPool pool) {
    RunnerPool copy = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        io.fabric8.kubernetes.client.utils.Serialization.asJson(pool), RunnerPool.class);
    if (copy.getMetadata().getNamespace() == null || copy.getMetadata().getNamespace().isBlank()) {
      copy.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
    return copy;
  }

  EmbeddedKubernetesApi api() {
    return api;
  }

  KubernetesClient client() {
    return api.client();
  }

  /** Creates every pool's namespace and the App Secret it references, holding {@code secretData}. */
  void prepare(Map<String, String> secretData) {
    Set<String> existing = new LinkedHashSet<>();
    client().namespaces().list().getItems().forEach(n -> existing.add(n.getMetadata().getName()));
    Map<String, String> data = new LinkedHashMap<>();
    secretData.forEach((key, value) -> data.put(key,
        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    Set<String> secrets = new LinkedHashSet<>();
    for (RunnerPool pool : pools) {
      String namespace = pool.getMetadata().getNamespace();
      if (existing.add(namespace)) {
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
            .withNewStatus().withPhase("Active").endStatus().build()).create();
      }
      String secret = pool.getSpec().getGithub().getAppSecretRef().getName();
      if (secrets.add(namespace + "/" + secret)) {
        client().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(secret)
            .withNamespace(namespace).endMetadata().withType("Opaque").withData(data).build()).create();
      }
    }
  }

  void applyPools() {
    pools.forEach(pool -> client().resource(pool).create());
  }

  /** Deletes every pool (the operator's finalizer then removes its Runners). */
  void deletePools() {
    for (RunnerPool pool : pools) {
      client().resources(RunnerPool.class).inNamespace(pool.getMetadata().getNamespace())
          .withName(pool.getMetadata().getName()).delete();
    }
  }

  /**
   * Whether the operator has nothing left to do but keep its floors: every Runner is idle and no pool has more of
   * them than it keeps on purpose ({@code minIdle}, {@code replicas}, the largest idle-schedule count).
   */
  boolean settledAtFloors() {
    Map<String, Integer> perPool = new LinkedHashMap<>();
    for (Runner runner : currentRunners()) {
      if (runner.getStatus() == null || !"Idle".equals(runner.getStatus().getPhase())
          || runner.getMetadata().getDeletionTimestamp() != null) {
        return false;
      }
      perPool.merge(runner.getMetadata().getNamespace() + "/" + runner.getSpec().getPool(), 1, Integer::sum);
    }
    for (RunnerPool pool : pools) {
      int count = perPool.getOrDefault(pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName(), 0);
      if (count > floor(pool)) {
        return false;
      }
    }
    return true;
  }

  private static int floor(RunnerPool pool) {
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

  List<RunnerPool> pools() {
    return pools;
  }

  List<RunnerPool> currentPools() {
    return client().resources(RunnerPool.class).inAnyNamespace().list().getItems();
  }

  List<Runner> currentRunners() {
    return client().resources(Runner.class).inAnyNamespace().list().getItems();
  }

  List<Event> events() {
    return client().v1().events().inAnyNamespace().list().getItems();
  }

  /** The fleet as {@code kubectl get runnerpools,runners} shows it, at most {@code rows} runners. */
  String table(int rows) {
    return FleetTable.render(currentPools(), currentRunners(), rows);
  }

  @Override
  public void close() {
    api.close();
  }
}
