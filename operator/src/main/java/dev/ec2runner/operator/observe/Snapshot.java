package dev.ec2runner.operator.observe;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.github.GitHubRunner;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cloud's managed instances and each scope's GitHub runners, as last listed. A part whose listing failed keeps
 * its previous content and time, so readers can tell how fresh each part is.
 *
 * <p>Every Runner looks itself up in each new snapshot (its instance by UID, its registration by name), so the
 * lookups are indexed once per snapshot: scanning the lists instead costs runners × instances per observation.
 */
public final class Snapshot {

  /**
   * A scope's runners and when they were listed, indexed by name.
   */
  public static final class ScopeRunners {

    private final PoolScope scope;
    private final Instant listedAt;
    private final long listing;
    private final List<GitHubRunner> runners;
    private final Map<String, GitHubRunner> byName;

    /** @param listing counts successful listings of this scope */
    public ScopeRunners(PoolScope scope, Instant listedAt, long listing, List<GitHubRunner> runners) {
      this.scope = scope;
      this.listedAt = listedAt;
      this.listing = listing;
      this.runners = List.copyOf(runners);
      this.byName = firstBy(this.runners, GitHubRunner::name);
    }

    public PoolScope scope() {
      return scope;
    }

    public Instant listedAt() {
      return listedAt;
    }

    public long listing() {
      return listing;
    }

    public List<GitHubRunner> runners() {
      return runners;
    }

    public Optional<GitHubRunner> named(String name) {
      return Optional.ofNullable(byName.get(name));
    }
  }

  public static final Snapshot EMPTY = new Snapshot(null, 0, List.of(), Map.of(), List.of(), Map.of());

  private final Instant instancesListedAt;
  private final long instancesListing;
  private final List<CloudInstance> instances;
  private final Map<String, ScopeRunners> scopes;
  private final List<CloudInstance> reclaimed;
  private final Map<String, Instant> regionsListedAt;
  private final Map<String, CloudInstance> instancesById;
  private final Map<String, CloudInstance> instancesByRunnerUid;
  private final Map<String, CloudInstance> reclaimedById;
  private final Map<String, GitHubRunner> registrationsByName = new HashMap<>();

  /**
   * @param instancesListedAt when the instances were listed, or null before the first successful listing
   * @param instancesListing counts successful instance listings, so readers can tell a new listing from a kept one
   * @param reclaimed instances seen reclaimed by the cloud (spot interruption, host failure) within the last hour,
   *     also after they dropped out of the listing: a terminated instance is listed no more, but who ended it still
   *     decides whether its runner's job was lost
   * @param regionsListedAt when each region's instances were last listed: a region not listed yet (a restarted
   *     process, a failing region) tells nothing about its instances being gone
   */
  public Snapshot(Instant instancesListedAt, long instancesListing, List<CloudInstance> instances,
      Map<String, ScopeRunners> scopes, List<CloudInstance> reclaimed, Map<String, Instant> regionsListedAt) {
    this.instancesListedAt = instancesListedAt;
    this.instancesListing = instancesListing;
    this.instances = List.copyOf(instances);
    this.scopes = Map.copyOf(scopes);
    this.reclaimed = List.copyOf(reclaimed);
    this.regionsListedAt = Map.copyOf(regionsListedAt);
    this.instancesById = firstBy(this.instances, CloudInstance::instanceId);
    this.instancesByRunnerUid = firstBy(this.instances, CloudInstance::runnerUid);
    this.reclaimedById = firstBy(this.reclaimed, CloudInstance::instanceId);
    this.scopes.values().forEach(s -> s.byName.forEach(registrationsByName::putIfAbsent));
  }

  public Instant instancesListedAt() {
    return instancesListedAt;
  }

  public long instancesListing() {
    return instancesListing;
  }

  public List<CloudInstance> instances() {
    return instances;
  }

  public Map<String, ScopeRunners> scopes() {
    return scopes;
  }

  public List<CloudInstance> reclaimed() {
    return reclaimed;
  }

  public Map<String, Instant> regionsListedAt() {
    return regionsListedAt;
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
    return instance(instanceId).or(() -> Optional.ofNullable(reclaimedById.get(instanceId)));
  }

  /** The instance launched with a Runner's UID as idempotency token. */
  public Optional<CloudInstance> instanceOf(String runnerUid) {
    return Optional.ofNullable(instancesByRunnerUid.get(runnerUid));
  }

  public Optional<CloudInstance> instance(String instanceId) {
    return Optional.ofNullable(instancesById.get(instanceId));
  }

  public Optional<ScopeRunners> scope(PoolScope scope) {
    return Optional.ofNullable(scopes.get(scope.key()));
  }

  /** A registration by runner name, searched in every listed scope. */
  public Optional<GitHubRunner> registrationNamed(String name) {
    return Optional.ofNullable(registrationsByName.get(name));
  }

  /** The first element of each key, in list order, as a scan of the list would find it; null keys are left out. */
  private static <T> Map<String, T> firstBy(List<T> elements, Function<T, String> key) {
    Map<String, T> index = new HashMap<>();
    for (T element : elements) {
      String value = key.apply(element);
      if (value != null) {
        index.putIfAbsent(value, element);
      }
    }
    return index;
  }
}
