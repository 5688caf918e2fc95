package dev.ec2runner.operator.observe;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.github.GitHubRunner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud's managed instances and each scope's GitHub runners, as last listed. A part whose listing failed keeps
 * its previous content and time, so readers can tell how fresh each part is.
 *
 * @param instancesListedAt when the instances were listed, or null before the first successful listing
 * @param instancesListing counts successful instance listings, so readers can tell a new listing from a kept one
 * @param reclaimed instances seen reclaimed by the cloud (spot interruption, host failure) within the last hour,
 *     also after they dropped out of the listing: a terminated instance is listed no more, but who ended it still
 *     decides whether its runner's job was lost
 * @param regionsListedAt when each region's instances were last listed: a region not listed yet (a restarted
 *     process, a failing region) tells nothing about its instances being gone
 */
public record Snapshot(Instant instancesListedAt, long instancesListing, List<CloudInstance> instances,
    Map<String, ScopeRunners> scopes, List<CloudInstance> reclaimed, Map<String, Instant> regionsListedAt) {

  /**
   * A scope's runners and when they were listed.
   *
   * @param listing counts successful listings of this scope
   */
  public record ScopeRunners(PoolScope scope, Instant listedAt, long listing, List<GitHubRunner> runners) {

    public ScopeRunners {
      runners = List.copyOf(runners);
    }

    public Optional<GitHubRunner> named(String name) {
      return runners.stream().filter(r -> r.name().equals(name)).findFirst();
    }
  }

  public static final Snapshot EMPTY = new Snapshot(null, 0, List.of(), Map.of(), List.of(), Map.of());

  public Snapshot {
    instances = List.copyOf(instances);
    scopes = Map.copyOf(scopes);
    reclaimed = List.copyOf(reclaimed);
    regionsListedAt = Map.copyOf(regionsListedAt);
  }

  /**
   * When the instances of a region were last listed, or null if they never were; for a null region (a Runner
   * recorded before Runners recorded their region) when any instances were.
   */
  public Instant instancesListedAt(String region) {
    return region == null ? instancesListedAt : regionsListedAt.get(region);
  }

  /** The instance as listed, or as last seen while the cloud was reclaiming it. */
  public Optional<CloudInstance> instanceOrReclaimed(String instanceId) {
    return instance(instanceId).or(() -> reclaimed.stream().filter(i -> instanceId.equals(i.instanceId()))
        .findFirst());
  }

  /** The instance launched with a Runner's UID as idempotency token. */
  public Optional<CloudInstance> instanceOf(String runnerUid) {
    return instances.stream().filter(i -> runnerUid.equals(i.runnerUid())).findFirst();
  }

  public Optional<CloudInstance> instance(String instanceId) {
    return instances.stream().filter(i -> instanceId.equals(i.instanceId())).findFirst();
  }

  public Optional<ScopeRunners> scope(PoolScope scope) {
    return Optional.ofNullable(scopes.get(scope.key()));
  }

  /** A registration by runner name, searched in every listed scope. */
  public Optional<GitHubRunner> registrationNamed(String name) {
    return scopes.values().stream().map(s -> s.named(name)).flatMap(Optional::stream).findFirst();
  }
}
