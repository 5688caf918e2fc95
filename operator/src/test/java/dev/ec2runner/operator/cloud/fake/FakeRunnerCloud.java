package dev.ec2runner.operator.cloud.fake;

import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fake of {@link RunnerCloud}, held to {@code RunnerCloudContract} like the EC2 adapter: in-memory EC2 and SSM
 * with what moto lacks. Instances boot and terminate on the clock (at once with {@link FakeCloudSettings#immediate()}),
 * idempotency tokens hold, capacity outages per offering make a launch fall through its overrides like an instant
 * fleet, and the cloud can reclaim instances (spot interruptions). It is one installation's view: instances and
 * configurations of other installations can be added and are neither listed nor terminated as orphans, nor are
 * instances merely tagged as managed. Failure switch: queued launch failures (random API faults go on a
 * {@link dev.ec2runner.operator.faults.CallGate} in front of it). It logs calls by EC2/SSM action and keeps the launch requests. Thread-safe; time comes from the clock.
 */
public final class FakeRunnerCloud implements RunnerCloud {

  /** How long EC2 keeps describing a terminated instance. */
  private static final Duration RECLAIMED_VISIBLE = Duration.ofHours(1);

  private final Clock clock;
  private final FakeCloudSettings settings;
  private final InstallationId installation;
  private final Map<String, FakeInstance> instances = new LinkedHashMap<>();
  private final Map<String, String> instanceByToken = new LinkedHashMap<>();
  private final FakeParameters parameters = new FakeParameters();
  private final List<CapacityOutage> outages = new ArrayList<>();
  private final Deque<CloudException> launchFailures = new ArrayDeque<>();
  private final List<String> calls = new ArrayList<>();
  private final List<LaunchRequest> launches = new ArrayList<>();
  private long launched;

  /** Installation {@code default}'s cloud whose instances run and terminate at once. */
  public FakeRunnerCloud(Clock clock) {
    this(clock, FakeCloudSettings.immediate());
  }

  public FakeRunnerCloud(Clock clock, FakeCloudSettings settings) {
    this(clock, settings, InstallationId.DEFAULT);
  }

  public FakeRunnerCloud(Clock clock, FakeCloudSettings settings, InstallationId installation) {
    this.clock = clock;
    this.settings = settings;
    this.installation = installation;
  }

  @Override
  public synchronized LaunchedInstance launch(LaunchRequest request) throws CloudException {
    call("CreateFleet");
    launches.add(request);
    CloudException injected = launchFailures.poll();
    if (injected != null) {
      throw injected;
    }
    String existing = instanceByToken.get(request.idempotencyToken());
    if (existing != null) {
      return launched(instances.get(existing));
    }
    request.requireLaunchable();
    Ec2Settings ec2 = request.poolSpec().getEc2();
    List<Offering> tried = new ArrayList<>();
    List<Offering> skipped = new ArrayList<>();
    Instant now = clock.instant();
    for (String type : ec2.getInstanceTypes()) {
      for (String zone : zones(ec2)) {
        Offering offering = new Offering(type, zone, request.capacityType());
        if (request.unavailable().contains(offering)
            || request.unavailable().contains(new Offering(type, null, request.capacityType()))) {
          skipped.add(offering);
        } else if (outages.stream().anyMatch(o -> o.covers(type, zone, request.capacityType(), now))) {
          tried.add(offering);
        } else {
          return launched(start(request, type, zone, now));
        }
      }
    }
    if (tried.isEmpty()) {
      throw new CloudException.InsufficientCapacity("every offering of pool " + request.pool()
          + " is marked unavailable", skipped);
    }
    throw new CloudException.InsufficientCapacity("no " + request.capacityType().wireName()
        + " capacity (InsufficientInstanceCapacity, simulated) for " + tried, tried);
  }

  @Override
  public synchronized List<CloudInstance> listInstances() throws CloudException {
    Instant now = clock.instant();
    List<CloudInstance> live = instances.values().stream().filter(this::ofThisInstallation)
        .map(i -> i.toCloudInstance(now, settings))
        .filter(i -> i.state() != InstanceState.TERMINATED).toList();
    // As EC2 describes them for about an hour: terminated instances it ended itself, asked for by a second call.
    List<CloudInstance> reclaimed = instances.values().stream()
        .filter(i -> ofThisInstallation(i) && i.reclaimed() && i.shutdownAt().isAfter(now.minus(RECLAIMED_VISIBLE)))
        .map(i -> i.toCloudInstance(now, settings)).filter(i -> i.state() == InstanceState.TERMINATED).toList();
    for (int page = 0; page < pages(live.size()) + pages(reclaimed.size()); page++) {
      call("DescribeInstances");
    }
    List<CloudInstance> listed = new ArrayList<>(live);
    listed.addAll(reclaimed);
    return listed;
  }

  @Override
  public synchronized void terminate(Collection<String> instanceIds) throws CloudException {
    if (instanceIds.isEmpty()) {
      return;
    }
    call("TerminateInstances");
    Instant now = clock.instant();
    instanceIds.stream().map(instances::get).filter(i -> i != null).forEach(i -> i.shutDown(now, false));
  }

  @Override
  public synchronized Set<String> launchedHere(String region, Collection<String> instanceIds)
      throws CloudException {
    Set<String> own = new LinkedHashSet<>();
    for (String id : instanceIds) {
      call("DescribeInstanceAttribute");
      FakeInstance instance = instances.get(id);
      if (instance != null && instance.launchedHere) {
        own.add(id);
      }
    }
    return own;
  }

  @Override
  public synchronized void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    call("PutParameter");
    parameters.put(installation, key, jitConfig);
  }

  @Override
  public synchronized void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    call("DeleteParameter");
    parameters.delete(installation, key);
  }

  @Override
  public synchronized List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    call("GetParametersByPath");
    return parameters.list(installation);
  }

  // What happens in the world outside the operator's calls.

  /** What the instance's bootstrap does: read its runner configuration and delete it. Empty when absent. */
  public synchronized Optional<Sensitive> takeRunnerConfig(String namespace, String pool, String instanceId) {
    return parameters.take(installation, new RunnerConfigKey(namespace, pool, instanceId));
  }

  /** Stores a runner configuration at another installation's path, as that installation would. */
  public synchronized void storeRunnerConfigOf(InstallationId other, RunnerConfigKey key, Sensitive jitConfig) {
    parameters.put(other, key, jitConfig);
  }

  /** Adds a running instance this installation launched for a Runner that is gone (an orphan). */
  public synchronized String addOrphanInstance(String namespace, String pool, String runnerName, String runnerUid) {
    return add(installation.value(), true, namespace, pool, runnerName, runnerUid);
  }

  /**
   * Adds a running instance carrying the managed tags, of the given installation (null for none), that this cloud
   * did not launch: one tagged by hand to look managed, or another installation's.
   */
  public synchronized String addTaggedInstance(String taggedInstallation, String namespace, String pool,
      String runnerName, String runnerUid) {
    return add(taggedInstallation, false, namespace, pool, runnerName, runnerUid);
  }

  /**
   * The cloud ends the instance (a spot interruption, a host failure: EC2's state reason {@code Server.*}): it shuts
   * down and stays described, reclaimed, for an hour once terminated.
   *
   * @return false when it is unknown or already on its way out
   */
  public synchronized boolean reclaim(String instanceId) {
    FakeInstance instance = instances.get(instanceId);
    if (instance == null || instance.state(clock.instant(), settings).isGone()) {
      return false;
    }
    instance.shutDown(clock.instant(), true);
    return true;
  }

  /** The instance powers itself off (an ephemeral runner after its job); it terminates like any shutdown. */
  public synchronized void shutDownFromInside(String instanceId) {
    Optional.ofNullable(instances.get(instanceId)).ifPresent(i -> i.shutDown(clock.instant(), false));
  }

  // Failure switches.

  /**
   * No capacity from now until {@code until} (exclusive) for the instance type (null: every type) in the zone
   * (null: every zone) bought this way.
   */
  public synchronized void addCapacityOutage(String instanceType, String zone, CapacityType capacityType,
      Instant until) {
    outages.add(new CapacityOutage(instanceType, zone, capacityType, clock.instant(), until));
  }

  public synchronized void clearCapacityOutages() {
    outages.clear();
  }

  /** The next launch fails with this exception (queued: several calls queue several failures). */
  public synchronized void failNextLaunch(CloudException failure) {
    launchFailures.add(failure);
  }

  // Inspection: reads that are no API calls.

  /** Every call so far, in order, by EC2/SSM action name (CreateFleet, DescribeInstances, PutParameter…). */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized Map<String, Long> callCounts() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach(action -> counts.merge(action, 1L, Long::sum));
    return counts;
  }

  /** Every launch request received, failed ones and repeated tokens included, in order. */
  public synchronized List<LaunchRequest> launches() {
    return List.copyOf(launches);
  }

  /** Every instance ever launched or added, terminated ones and other installations' included, as it is now. */
  public synchronized List<CloudInstance> allInstances() {
    Instant now = clock.instant();
    return instances.values().stream().map(i -> i.toCloudInstance(now, settings)).toList();
  }

  /** The instances running now, of any installation. */
  public List<CloudInstance> running() {
    return allInstances().stream().filter(i -> i.state() == InstanceState.RUNNING).toList();
  }

  /** The last instance launched for the runner, in whatever state. */
  public Optional<CloudInstance> instanceOfRunner(String runnerName) {
    return allInstances().stream().filter(i -> runnerName.equals(i.runnerName())).reduce((first, last) -> last);
  }

  /** Runner configurations still stored, every installation's. */
  public synchronized List<RunnerConfigKey> storedRunnerConfigs() {
    return parameters.all();
  }

  /** Billed time of every instance ever launched, by instance id: from running until terminated (or now). */
  public synchronized Map<String, Duration> billedPerInstance() {
    Instant now = clock.instant();
    Map<String, Duration> billed = new LinkedHashMap<>();
    instances.values().forEach(i -> billed.put(i.instanceId, i.billed(now, settings)));
    return billed;
  }

  /** Forgets everything: instances, configurations, outages, failure switches and the logs. */
  public synchronized void reset() {
    instances.clear();
    instanceByToken.clear();
    parameters.clear();
    outages.clear();
    launchFailures.clear();
    calls.clear();
    launches.clear();
    launched = 0;
  }

  private int pages(int count) {
    return Math.max(1, (count + settings.describePageSize() - 1) / settings.describePageSize());
  }

  private void call(String action) {
    calls.add(action);
  }

  private FakeInstance start(LaunchRequest request, String type, String zone, Instant now) {
    FakeInstance instance = new FakeInstance(nextId(), request, type, zone, request.capacityType(), nextIp(), now,
        installation.value(), true);
    instances.put(instance.instanceId, instance);
    instanceByToken.put(request.idempotencyToken(), instance.instanceId);
    return instance;
  }

  /** An instance running since before now, not launched through {@link #launch}. */
  private String add(String taggedInstallation, boolean launchedHere, String namespace, String pool,
      String runnerName, String runnerUid) {
    LaunchRequest request = new LaunchRequest(namespace, pool, runnerName, runnerUid, CapacityType.ON_DEMAND, null,
        Set.of());
    FakeInstance instance = new FakeInstance(nextId(), request, "m7i.large", "eu-west-1a", CapacityType.ON_DEMAND,
        nextIp(), clock.instant().minus(settings.bootDelay()), taggedInstallation, launchedHere);
    instances.put(instance.instanceId, instance);
    return instance.instanceId;
  }

  private String nextId() {
    launched++;
    return String.format("i-%017x", 0x5100000000L + launched);
  }

  private String nextIp() {
    return "10.%d.%d.%d".formatted((launched >> 16) & 0xff, (launched >> 8) & 0xff, launched & 0xff);
  }

  private List<String> zones(Ec2Settings ec2) {
    List<String> zones = new ArrayList<>();
    List<ResourceSelector> subnets = ec2.getSubnets();
    for (int i = 0; i < subnets.size(); i++) {
      String id = subnets.get(i).getId();
      String zone = id == null ? null : settings.subnetZones().get(id);
      zones.add(zone != null ? zone : ec2.getRegion() + (char) ('a' + i % 6));
    }
    return zones.stream().distinct().toList();
  }

  private static LaunchedInstance launched(FakeInstance instance) {
    return new LaunchedInstance(instance.instanceId, instance.instanceType, instance.zone, instance.capacityType);
  }

  private boolean ofThisInstallation(FakeInstance instance) {
    return instance.installation == null || instance.installation.equals(installation.value());
  }
}
