package dev.ec2runner.operator.gc;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.WatchedNamespaces;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.observe.Snapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what no Runner owns, after each observation: managed instances whose Runner UID matches no Runner,
 * GitHub registrations named like a pool's runner in that pool's scope with no Runner of that name, and stored
 * runner configurations whose instance is gone. Something counts as an orphan only when two consecutive fresh
 * observations agree, and Runners are listed after the observation was taken, so a launch in flight is never
 * mistaken for a leak. Busy registrations are left alone.
 *
 * <p>Only this installation's resources are ever touched, as other installations may share the AWS account and the
 * GitHub organization: the cloud lists only its instances and configurations, an instance is terminated only when
 * the cloud confirms this installation launched it (its tags alone are no proof), and a registration is removed
 * only when it carries this installation's runner label.
 */
public final class GarbageCollector implements Consumer<Snapshot> {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final KubernetesClient client;
  private final RunnerCloud cloud;
  private final ScopeRegistry scopes;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final WatchedNamespaces namespaces;
  private final InstallationId installation;
  private final OrphanFinder orphans = new OrphanFinder();
  private long lastInstancesListing;
  private final Map<String, Long> lastScopeListing = new HashMap<>();

  /**
   * @param namespaces the namespaces this operator manages; empty for all (instances of other namespaces belong to
   *     another installation and are never touched)
   * @param installation whose runner registrations these are (their label); the cloud is this installation's
   */
  public GarbageCollector(KubernetesClient client, RunnerCloud cloud, ScopeRegistry scopes, EventRecorder events,
      OperatorMetrics metrics, Set<String> namespaces, InstallationId installation) {
    this.installation = installation;
    this.client = client;
    this.cloud = cloud;
    this.scopes = scopes;
    this.events = events;
    this.metrics = metrics;
    this.namespaces = new WatchedNamespaces(namespaces);
  }

  @Override
  public synchronized void accept(Snapshot snapshot) {
    List<Runner> runners = listRunners();
    if (snapshot.instancesListing() > lastInstancesListing) {
      lastInstancesListing = snapshot.instancesListing();
      collectInstances(snapshot, runners);
      collectConfigs(snapshot);
    }
    collectRegistrations(snapshot, runners);
  }

  private void collectInstances(Snapshot snapshot, List<Runner> runners) {
    Set<String> owners = runners.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    List<CloudInstance> confirmed = orphans.instances(snapshot.instances(), owners, this::managedHere);
    // Each region's orphans are terminated there; a failing region does not keep the others' orphans alive.
    Map<String, List<CloudInstance>> byRegion = confirmed.stream()
        .collect(Collectors.groupingBy(i -> String.valueOf(i.region())));
    for (List<CloudInstance> instances : byRegion.values()) {
      List<String> ids = instances.stream().map(CloudInstance::instanceId).toList();
      Set<String> own;
      try {
        own = cloud.terminateLaunchedHere(instances.get(0).region(), ids);
      } catch (CloudException e) {
        LOG.warn("orphan instances not terminated instances={} error=\"{}\"", ids, e.getMessage());
        continue;
      }
      for (CloudInstance instance : instances) {
        if (own.contains(instance.instanceId())) {
          metrics.garbageCollected("instance");
          announce(instance.namespace(), instance.pool(), "OrphanInstanceTerminated", "terminated instance "
              + instance.instanceId() + " (Runner " + instance.runnerName() + " no longer exists)");
        } else {
          orphans.disown(instance.instanceId());
          announce(instance.namespace(), instance.pool(), "UnmanagedInstanceIgnored", "instance "
              + instance.instanceId() + " carries the managed tags but installation " + installation
              + " did not launch it (someone tagged it, or a release before installation ids launched it): left"
              + " alone; terminate it by hand if it is a leftover runner");
        }
      }
    }
  }

  private void collectConfigs(Snapshot snapshot) {
    Set<String> live = snapshot.instances().stream().filter(i -> !i.state().isGone())
        .map(CloudInstance::instanceId).collect(Collectors.toSet());
    Set<RunnerConfigKey> confirmed;
    try {
      confirmed = orphans.configs(cloud.listRunnerConfigs(), live, this::managedHere);
    } catch (CloudException e) {
      LOG.warn("runner configurations not listed error=\"{}\"", e.getMessage());
      return;
    }
    for (RunnerConfigKey key : confirmed) {
      try {
        cloud.deleteRunnerConfig(key);
        metrics.garbageCollected("config");
        LOG.info("orphan runner configuration deleted namespace={} pool={} instance={}", key.namespace(),
            key.pool(), key.instanceId());
      } catch (CloudException e) {
        LOG.warn("orphan runner configuration not deleted instance={} error=\"{}\"", key.instanceId(),
            e.getMessage());
      }
    }
  }

  private void collectRegistrations(Snapshot snapshot, List<Runner> runners) {
    Map<String, ScopeRegistry.Registration> registrations = scopes.byScope();
    orphans.retainScopes(registrations.keySet());
    registrations.forEach((scopeKey, registration) -> {
      Snapshot.ScopeRunners listed = snapshot.scopes().get(scopeKey);
      // Only a fresh listing of the scope confirms or clears its suspects.
      if (listed == null || Long.valueOf(listed.listing()).equals(lastScopeListing.get(scopeKey))) {
        return;
      }
      lastScopeListing.put(scopeKey, listed.listing());
      Set<ScopeRegistry.PoolRef> pools = scopes.poolsIn(registration.scope());
      Set<String> owned = runners.stream()
          .filter(r -> pools.contains(new ScopeRegistry.PoolRef(r.getMetadata().getNamespace(), r.getSpec().getPool())))
          .map(r -> r.getMetadata().getName())
          .collect(Collectors.toSet());
      for (OrphanFinder.OrphanRegistration orphan : orphans.registrations(scopeKey, listed.runners(), pools, owned,
          installation)) {
        GitHubRunner runner = orphan.runner();
        if (deregister(registration, runner)) {
          orphans.removed(scopeKey, runner.id());
          metrics.garbageCollected("registration");
          announce(orphan.pool().namespace(), orphan.pool().name(), "OrphanRegistrationRemoved",
              "removed GitHub runner " + runner.name() + " (id " + runner.id() + "): no Runner owns it");
        }
      }
    });
  }

  private boolean deregister(ScopeRegistry.Registration registration, GitHubRunner runner) {
    try {
      registration.client().deleteRunner(registration.scope(), runner.id());
      return true;
    } catch (GitHubException e) {
      LOG.info("orphan registration not removed runner={} error=\"{}\"", runner.name(), e.getMessage());
      return false;
    }
  }

  private boolean managedHere(String namespace) {
    return namespaces.includes(namespace);
  }

  private List<Runner> listRunners() {
    return namespaces.list(client, Runner.class);
  }

  private void announce(String namespace, String poolName, String reason, String message) {
    RunnerPool pool = namespace == null || poolName == null ? null
        : client.resources(RunnerPool.class).inNamespace(namespace).withName(poolName).get();
    if (pool != null) {
      events.warning(pool, reason, message);
    } else {
      LOG.warn("garbage collection reason={} namespace={} pool={} message=\"{}\" label={}", reason, namespace,
          poolName, message, ApiGroup.POOL_LABEL);
    }
  }
}
