package dev.ec2runner.operator.gc;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.observe.ScopeRegistry.PoolRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides, from listings alone, what the {@link GarbageCollector} removes. Something is an orphan only when two
 * consecutive fresh listings find it without an owner: a launch or a registration in flight shows up in one listing
 * before its Runner records it, never in two. Pure: it remembers the last listing's suspects and nothing else.
 */
final class OrphanFinder {

  /** A registration no Runner owns, and the pool whose runner it is by its name. */
  record OrphanRegistration(GitHubRunner runner, PoolRef pool) {
  }

  private Set<String> suspectInstances = Set.of();
  /** Orphan-looking instances this installation did not launch (the cloud said so): never suspected again. */
  private final Set<String> disowned = new HashSet<>();
  private Set<RunnerConfigKey> suspectConfigs = Set.of();
  private final Map<String, Set<Long>> suspectRegistrations = new HashMap<>();

  /**
   * Live instances of managed namespaces whose Runner UID no Runner carries, in this listing and the one before.
   *
   * @param listed a fresh instance listing
   * @param ownerUids the UIDs of the Runners, listed after the instances were
   */
  List<CloudInstance> instances(Collection<CloudInstance> listed, Set<String> ownerUids,
      Predicate<String> managedNamespace) {
    disowned.retainAll(listed.stream().map(CloudInstance::instanceId).collect(Collectors.toSet()));
    List<CloudInstance> orphans = listed.stream()
        .filter(i -> !i.state().isGone() && managedNamespace.test(i.namespace()) && !ownerUids.contains(i.runnerUid())
            && !disowned.contains(i.instanceId()))
        .toList();
    Set<String> before = suspectInstances;
    suspectInstances = orphans.stream().map(CloudInstance::instanceId).collect(Collectors.toSet());
    return orphans.stream().filter(i -> before.contains(i.instanceId())).toList();
  }

  /** The cloud refused to confirm this installation launched the instance: it is someone else's. */
  void disown(String instanceId) {
    disowned.add(instanceId);
  }

  /** Stored runner configurations of managed namespaces whose instance is gone, in this listing and the one before. */
  Set<RunnerConfigKey> configs(Collection<RunnerConfigKey> stored, Set<String> liveInstanceIds,
      Predicate<String> managedNamespace) {
    Set<RunnerConfigKey> orphans = stored.stream()
        .filter(k -> managedNamespace.test(k.namespace()) && !liveInstanceIds.contains(k.instanceId()))
        .collect(Collectors.toSet());
    Set<RunnerConfigKey> confirmed = new HashSet<>(orphans);
    confirmed.retainAll(suspectConfigs);
    suspectConfigs = orphans;
    return confirmed;
  }

  /**
   * Idle registrations of one scope, carrying this installation's label and named like a runner of one of the
   * scope's pools, that no Runner of those pools owns, in this fresh listing of the scope and the one before. Busy
   * registrations are never orphans: removing one would kill its job.
   */
  List<OrphanRegistration> registrations(String scopeKey, Collection<GitHubRunner> listed, Set<PoolRef> pools,
      Set<String> ownedNames, InstallationId installation) {
    Set<Long> before = suspectRegistrations.getOrDefault(scopeKey, Set.of());
    Set<Long> suspects = new HashSet<>();
    List<OrphanRegistration> confirmed = new ArrayList<>();
    for (GitHubRunner runner : listed) {
      PoolRef pool = poolOf(runner.name(), pools);
      // Another installation's runners (and those of releases before installation ids) carry not its label.
      if (pool == null || ownedNames.contains(runner.name()) || runner.busy()
          || !installation.labelsOf(runner.labels())) {
        continue;
      }
      suspects.add(runner.id());
      if (before.contains(runner.id())) {
        confirmed.add(new OrphanRegistration(runner, pool));
      }
    }
    suspectRegistrations.put(scopeKey, suspects);
    return confirmed;
  }

  /** A confirmed registration was removed: it is nobody's suspect any more. */
  void removed(String scopeKey, long registrationId) {
    suspectRegistrations.getOrDefault(scopeKey, new HashSet<>()).remove(registrationId);
  }

  /** Forgets the suspects of scopes no pool uses any more. */
  void retainScopes(Set<String> scopeKeys) {
    suspectRegistrations.keySet().retainAll(scopeKeys);
  }

  private static PoolRef poolOf(String runnerName, Set<PoolRef> pools) {
    return pools.stream()
        .filter(p -> Pattern.matches(Pattern.quote(p.name()) + "-[a-z0-9]{5}", runnerName))
        .findFirst()
        .orElse(null);
  }
}
