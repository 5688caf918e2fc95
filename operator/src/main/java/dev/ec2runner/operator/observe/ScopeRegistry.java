package dev.ec2runner.operator.observe;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubRunners;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The GitHub scopes the operator's pools register runners in, each with a client to list them. Pools register on
 * every reconcile and unregister when deleted; observation lists each scope once however many pools share it.
 */
public final class ScopeRegistry {

  /** A pool, by namespace and name. */
  public record PoolRef(String namespace, String name) {
  }

  /** A pool's scope and the client its credentials give. */
  public record Registration(PoolScope scope, GitHubRunners client) {
  }

  private final Map<PoolRef, Registration> pools = new ConcurrentHashMap<>();

  public void register(PoolRef pool, PoolScope scope, GitHubRunners client) {
    pools.put(pool, new Registration(scope, client));
  }

  public void unregister(PoolRef pool) {
    pools.remove(pool);
  }

  /** One client per scope (any registered pool's), keyed by {@link PoolScope#key()}. */
  public Map<String, Registration> byScope() {
    Map<String, Registration> scopes = new ConcurrentHashMap<>();
    pools.forEach((pool, registration) -> scopes.putIfAbsent(registration.scope().key(), registration));
    return scopes;
  }

  /** The registered pools of a scope. */
  public Set<PoolRef> poolsIn(PoolScope scope) {
    return pools.entrySet().stream()
        .filter(e -> e.getValue().scope().key().equals(scope.key()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  public Map<PoolRef, Registration> all() {
    return Map.copyOf(pools);
  }
}
