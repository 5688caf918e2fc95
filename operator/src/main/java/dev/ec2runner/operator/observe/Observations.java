package dev.ec2runner.operator.observe;

import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.InstanceListing;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched observation: one {@link RunnerCloud#listInstances(java.util.Set)} of the pools' and Runners' regions and
 * one {@link dev.ec2runner.operator.github.GitHubRunners#listRunners} per scope per interval, shared by every pool
 * and Runner.
 * API calls grow with pages, not with runners. Reconcilers read {@link #snapshot()}; listeners (event sources, the
 * garbage collector) hear about each new snapshot.
 */
public final class Observations implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Observations.class);
  /** How long a reclaimed instance is remembered: longer than any job's completion takes to be reported. */
  static final Duration RECLAIMED_MEMORY = Duration.ofHours(1);

  private record Seen(CloudInstance instance, Instant firstSeen) {
  }

  private final RunnerCloud cloud;
  private final ScopeRegistry scopes;
  private final RegionRegistry regions = new RegionRegistry();
  private final Clock clock;
  private final Duration interval;
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private final Map<String, Seen> reclaimed = new HashMap<>();
  private ScheduledExecutorService timer;

  public Observations(RunnerCloud cloud, ScopeRegistry scopes, Clock clock, Duration interval) {
    this.cloud = cloud;
    this.scopes = scopes;
    this.clock = clock;
    this.interval = interval;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** The regions to list, which the reconcilers keep current. */
  public RegionRegistry regions() {
    return regions;
  }

  public Duration interval() {
    return interval;
  }

  public void addListener(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  /**
   * Adds the listing's reclaimed instances to those seen within {@link #RECLAIMED_MEMORY}: a reclaimed instance may
   * be listed while shutting down only, where the cloud does not describe terminated ones.
   */
  private void rememberReclaimed(List<CloudInstance> listed, Instant now) {
    for (CloudInstance instance : listed) {
      if (instance.reclaimed()) {
        reclaimed.merge(instance.instanceId(), new Seen(instance, now), (before, latest) -> new Seen(instance,
            before.firstSeen()));
      }
    }
    reclaimed.values().removeIf(seen -> seen.firstSeen().isBefore(now.minus(RECLAIMED_MEMORY)));
  }

  /** Lists everything once now, then tells the listeners. Called by the timer; tests may call it directly. */
  public synchronized Snapshot refresh() {
    Snapshot previous = snapshot;
    Instant instancesListedAt = previous.instancesListedAt();
    long instancesListing = previous.instancesListing();
    List<CloudInstance> instances = previous.instances();
    Map<String, Instant> regionsListedAt = new HashMap<>(previous.regionsListedAt());
    Instant started = clock.instant();
    try {
      InstanceListing listing = cloud.listInstances(regions.regions());
      rememberReclaimed(listing.instances(), started);
      // Terminated instances are listed only to say who ended them; the snapshot's instances are the live ones,
      // plus those of regions whose listing failed this time, as last seen.
      instances = Stream.concat(
          listing.instances().stream().filter(i -> i.state() != CloudInstance.InstanceState.TERMINATED),
          previous.instances().stream().filter(i -> i.region() != null && !listing.regions().contains(i.region())))
          .toList();
      listing.regions().forEach(region -> regionsListedAt.put(region, started));
      instancesListedAt = started;
      instancesListing++;
    } catch (CloudException | RuntimeException e) {
      LOG.warn("observation failed source=cloud error=\"{}\"", e.getMessage());
    }
    Map<String, Snapshot.ScopeRunners> listed = new HashMap<>();
    scopes.byScope().forEach((key, registration) -> {
      Instant scopeStarted = clock.instant();
      try {
        List<GitHubRunner> runners = registration.client().listRunners(registration.scope());
        Snapshot.ScopeRunners before = previous.scopes().get(key);
        listed.put(key, new Snapshot.ScopeRunners(registration.scope(), scopeStarted,
            before == null ? 1 : before.listing() + 1, runners));
      } catch (GitHubException | RuntimeException e) {
        if (e instanceof GitHubException.Throttled) {
          // Expected while an installation is rate-limited; the pools' GitHubReachable condition says so.
          LOG.debug("observation paused source=github scope={} reason=\"{}\"", registration.scope().display(),
              e.getMessage());
        } else {
          LOG.warn("observation failed source=github scope={} error=\"{}\"", registration.scope().display(),
              e.getMessage());
        }
        Snapshot.ScopeRunners kept = previous.scopes().get(key);
        if (kept != null) {
          listed.put(key, kept);
        }
      }
    });
    snapshot = new Snapshot(instancesListedAt, instancesListing, instances, listed,
        reclaimed.values().stream().map(Seen::instance).toList(), regionsListedAt);
    for (Consumer<Snapshot> listener : listeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.warn("observation listener failed listener={} error=\"{}\"", listener, e.getMessage(), e);
      }
    }
    return snapshot;
  }

  /** Refreshes now and then every interval, on a daemon thread, until {@link #close()}. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "observations");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.error("observation round failed error=\"{}\"", e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
