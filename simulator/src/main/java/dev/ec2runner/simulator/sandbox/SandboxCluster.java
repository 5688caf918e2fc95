package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.job.InterruptedJobReruns;
import dev.ec2runner.simulator.report.FleetTable;
import dev.ec2runner.testkit.kube.Crds;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's Kubernetes side: a real API server of its own or an existing cluster (see {@link KubernetesTarget}),
 * the namespaces and App Secrets the scenario's pools need, and the pools themselves, applied and deleted as a user
 * would with kubectl.
 */
final class SandboxCluster implements AutoCloseable {

  /** The field manager the sandbox's CRD applies are recorded under (the CRDs stay when the sandbox ends). */
  static final String FIELD_MANAGER = "ec2-runner-sandbox";

  static final String DEFAULT_NAMESPACE = "default";

  private final KubeApiServer server;
  private final Config config;
  private final KubernetesClient client;
  private final String namespace;
  private final List<RunnerPool> pools;
  private final SharedIndexInformer<RunnerPool> poolCache;
  private final SharedIndexInformer<Runner> runnerCache;

  private SandboxCluster(KubeApiServer server, Config config, KubernetesClient client, String namespace,
      List<RunnerPool> pools) {
    this.server = server;
    this.config = config;
    this.client = client;
    this.namespace = namespace;
    this.pools = pools;
    // The run loop asks for the pools and Runners many times a second: it reads a watch's cache, not the server.
    this.poolCache = inScope(client.resources(RunnerPool.class)).inform();
    this.runnerCache = inScope(client.resources(Runner.class)).inform();
  }

  /**
   * Starts the API server, or connects to the existing cluster, applies the CRDs there and creates the sandbox's
   * namespace.
   *
   * @throws ScenarioRefused two pools would share a name in the sandbox's one namespace
   */
  static SandboxCluster open(KubernetesTarget target, List<RunnerPool> scenarioPools) {
    if (target instanceof KubernetesTarget.ExistingCluster existing) {
      List<RunnerPool> pools = PoolPlacement.inNamespace(scenarioPools, existing.namespace());
      KubernetesClient client = new KubernetesClientBuilder().withConfig(existing.config()).build();
      try {
        Crds.apply(client, FIELD_MANAGER);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(existing.namespace())
            .endMetadata().build()).create();
        return new SandboxCluster(null, existing.config(), client, existing.namespace(), pools);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
    KubeApiServer server = KubeApiServer.start();
    KubernetesClient client = KubeApiServer.newClient(server.adminConfig());
    try {
      Kubeconfigs.writePrivately(((KubernetesTarget.OwnServer) target).kubeconfig(), server.kubeconfig());
      return new SandboxCluster(server, server.adminConfig(), client, null,
          PoolPlacement.withDefaultNamespace(scenarioPools));
    } catch (RuntimeException e) {
      client.close();
      server.close();
      throw e;
    }
  }

  /** How the operator and the receiver reach the cluster (each builds a client of its own). */
  Config config() {
    return config;
  }

  /** The one namespace the sandbox uses on an existing cluster; null when it has the whole server. */
  String namespace() {
    return namespace;
  }

  /** What the operator watches: the sandbox's namespace, or everything (empty). */
  Set<String> watchedNamespaces() {
    return namespace == null ? Set.of() : Set.of(namespace);
  }

  KubernetesClient client() {
    return client;
  }

  /** Creates every pool's namespace that is missing and the App Secret each pool references, holding {@code data}. */
  void prepare(Map<String, String> secretData) {
    Map<String, String> data = new LinkedHashMap<>();
    secretData.forEach((key, value) -> data.put(key,
        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    Set<String> namespaces = new LinkedHashSet<>();
    Set<String> secrets = new LinkedHashSet<>();
    for (RunnerPool pool : pools) {
      String poolNamespace = pool.getMetadata().getNamespace();
      if (namespaces.add(poolNamespace) && client.namespaces().withName(poolNamespace).get() == null) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(poolNamespace).endMetadata()
            .build()).create();
      }
      String secret = pool.getSpec().getGithub().getAppSecretRef().getName();
      if (secrets.add(poolNamespace + "/" + secret)) {
        client.secrets().inNamespace(poolNamespace).resource(new SecretBuilder().withNewMetadata().withName(secret)
            .withNamespace(poolNamespace).endMetadata().withType("Opaque").withData(data).build()).create();
      }
    }
  }

  /**
   * Asks the server whether it would store each pool (a dry-run create): the schema, its validation rules and
   * admission decide, as they will for a user's {@code kubectl apply}.
   *
   * @throws ScenarioRefused the first pool the server refuses, with the server's message
   */
  void checkPools() {
    for (int i = 0; i < pools.size(); i++) {
      RunnerPool pool = pools.get(i);
      try {
        client.resource(pool).dryRun().create();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 0 || e.getCode() >= 500) {
          throw e;
        }
        throw new ScenarioRefused("scenario pools[" + i + "] (" + pool.getMetadata().getName() + "): "
            + ScenarioRefused.serverMessage(e));
      }
    }
  }

  void applyPools() {
    pools.forEach(pool -> client.resource(pool).create());
  }

  /** Deletes every pool (the operator's finalizer then removes its Runners). */
  void deletePools() {
    for (RunnerPool pool : pools) {
      client.resources(RunnerPool.class).inNamespace(pool.getMetadata().getNamespace())
          .withName(pool.getMetadata().getName()).delete();
    }
  }

  /**
   * On an existing cluster, removes what the run put there, while the operator still runs to honour its finalizers:
   * see {@link SandboxNamespace#remove}. On the sandbox's own server there is nothing to do: it stops.
   */
  void leave(Duration patience) {
    if (namespace != null) {
      new SandboxNamespace(client, namespace).remove(patience);
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
      if (count > PoolPlacement.floor(pool)) {
        return false;
      }
    }
    return true;
  }

  List<RunnerPool> pools() {
    return pools;
  }

  /** The pools as the cache last saw them (milliseconds behind the server). */
  List<RunnerPool> currentPools() {
    return poolCache.getStore().list();
  }

  /** The Runners as the cache last saw them (milliseconds behind the server). */
  List<Runner> currentRunners() {
    return runnerCache.getStore().list();
  }

  /**
   * Whether the operator recorded its rerun decision on each of these jobs' WorkflowJobs (or the WorkflowJob is gone,
   * and with it anything the operator could do).
   */
  boolean rerunsDecided(Collection<Long> jobIds) {
    for (long jobId : jobIds) {
      List<WorkflowJob> jobs = inScope(client.resources(WorkflowJob.class))
          .withField("metadata.name", WorkflowJob.nameFor(jobId)).list().getItems();
      if (jobs.stream().anyMatch(job -> job.getMetadata().getAnnotations() == null
          || !job.getMetadata().getAnnotations().containsKey(InterruptedJobReruns.RERUN))) {
        return false;
      }
    }
    return true;
  }

  List<Event> events() {
    return inScope(client.v1().events()).list().getItems();
  }

  /** Where the sandbox's objects are: its one namespace, or every namespace of its own server. */
  private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      FilterWatchListDeletable<T, L, R> inScope(MixedOperation<T, L, R> resources) {
    return namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
  }

  /** The fleet as {@code kubectl get runnerpools,runners} shows it, at most {@code rows} runners. */
  String table(int rows) {
    return FleetTable.render(currentPools(), currentRunners(), rows);
  }

  @Override
  public void close() {
    try {
      poolCache.close();
      runnerCache.close();
      client.close();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
