package dev.ec2runner.operator.controller;

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
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.observe.Snapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
  /** Orphan-looking instances the cloud says this installation did not launch: never asked about again. */
  private final Set<String> disowned = new HashSet<>();
  private long lastInstancesListing;
  private final Map<String, Long> lastScopeListing = new HashMap<>();
  private Set<String> suspectInstances = Set.of();
  private Set<String> suspectRegistrations = Set.of();
  private Set<RunnerConfigKey> suspectConfigs = Set.of();

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
    Set<String> owned = runners.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    disowned.retainAll(snapshot.instances().stream().map(CloudInstance::instanceId).collect(Collectors.toSet()));
    Map<String, CloudInstance> orphans = new HashMap<>();
    snapshot.instances().stream()
        .filter(i -> !i.state().isGone() && managedHere(i.namespace()) && !owned.contains(i.runnerUid())
            && !disowned.contains(i.instanceId()))
        .forEach(i -> orphans.put(i.instanceId(), i));
    Set<String> confirmed = new HashSet<>(orphans.keySet());
    confirmed.retainAll(suspectInstances);
    suspectInstances = orphans.keySet();
    if (confirmed.isEmpty()) {
      return;
    }
    // Each region's orphans are terminated there; a failing region does not keep the others' orphans alive.
    Map<String, List<String>> byRegion = confirmed.stream().collect(Collectors.groupingBy(
        id -> String.valueOf(orphans.get(id).region())));
    Set<String> terminated = new HashSet<>();
    for (List<String> ids : byRegion.values()) {
      try {
        Set<String> own = cloud.terminateLaunchedHere(orphans.get(ids.get(0)).region(), ids);
        terminated.addAll(own);
        ids.stream().filter(id -> !own.contains(id)).forEach(id -> {
          disowned.add(id);
          announce(orphans.get(id).namespace(), orphans.get(id).pool(), "UnmanagedInstanceIgnored", "instance " + id
              + " carries the managed tags but installation " + installation + " did not launch it (someone tagged"
              + " it, or a release before installation ids launched it): left alone; terminate it by hand if it is"
              + " a leftover runner");
        });
      } catch (CloudException e) {
        LOG.warn("orphan instances not terminated instances={} error=\"{}\"", ids, e.getMessage());
      }
    }
    for (String id : terminated) {
      CloudInstance instance = orphans.get(id);
      metrics.garbageCollected("instance");
      announce(instance.namespace(), instance.pool(), "OrphanInstanceTerminated", "terminated instance " + id
          + " (Runner " + instance.runnerName() + " no longer exists)");
    }
  }

  private void collectConfigs(Snapshot snapshot) {
    Set<String> live = snapshot.instances().stream().filter(i -> !i.state().isGone())
        .map(CloudInstance::instanceId).collect(Collectors.toSet());
    Set<RunnerConfigKey> orphans;
    try {
      orphans = cloud.listRunnerConfigs().stream()
          .filter(k -> managedHere(k.namespace()) && !live.contains(k.instanceId()))
          .collect(Collectors.toSet());
    } catch (CloudException e) {
      LOG.warn("runner configurations not listed error=\"{}\"", e.getMessage());
      return;
    }
    Set<RunnerConfigKey> confirmed = new HashSet<>(orphans);
    confirmed.retainAll(suspectConfigs);
    suspectConfigs = orphans;
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
    Set<String> orphanKeys = new HashSet<>();
    Set<String> confirmedKeys = new HashSet<>();
    scopes.byScope().forEach((scopeKey, registration) -> {
      Snapshot.ScopeRunners listed = snapshot.scopes().get(scopeKey);
      if (listed == null || Long.valueOf(listed.listing()).equals(lastScopeListing.get(scopeKey))) {
        suspectRegistrations.stream().filter(k -> k.startsWith(scopeKey + "|")).forEach(orphanKeys::add);
        return;
      }
      lastScopeListing.put(scopeKey, listed.listing());
      Set<ScopeRegistry.PoolRef> pools = scopes.poolsIn(registration.scope());
      Set<String> owned = runners.stream()
          .filter(r -> pools.contains(new ScopeRegistry.PoolRef(r.getMetadata().getNamespace(), r.getSpec().getPool())))
          .map(r -> r.getMetadata().getName())
          .collect(Collectors.toSet());
      for (GitHubRunner runner : listed.runners()) {
        ScopeRegistry.PoolRef pool = poolOf(runner.name(), pools);
        // Another installation's runners (and those of releases before installation ids) carry not its label.
        if (pool == null || owned.contains(runner.name()) || runner.busy()
            || !installation.labelsOf(runner.labels())) {
          continue;
        }
        String key = scopeKey + "|" + runner.id();
        orphanKeys.add(key);
        if (suspectRegistrations.contains(key) && deregister(registration, runner)) {
          confirmedKeys.add(key);
          metrics.garbageCollected("registration");
          announce(pool.namespace(), pool.name(), "OrphanRegistrationRemoved", "removed GitHub runner "
              + runner.name() + " (id " + runner.id() + "): no Runner owns it");
        }
      }
    });
    orphanKeys.removeAll(confirmedKeys);
    suspectRegistrations = orphanKeys;
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

  private static ScopeRegistry.PoolRef poolOf(String runnerName, Set<ScopeRegistry.PoolRef> pools) {
    return pools.stream()
        .filter(p -> Pattern.matches(Pattern.quote(p.name()) + "-[a-z0-9]{5}", runnerName))
        .findFirst()
        .orElse(null);
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
