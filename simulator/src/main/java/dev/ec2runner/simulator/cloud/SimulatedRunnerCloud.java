package dev.ec2runner.simulator.cloud;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * In-memory EC2 and SSM with the semantics moto lacks: instances boot after a delay, idempotency tokens hold,
 * capacity outages per offering make a launch fall through its overrides like an instant fleet, spot instances
 * can be interrupted, and calls can be throttled or failed on demand. It is one installation's view: instances and
 * configurations of other installations can be added to it and are neither listed nor terminated as orphans, nor
 * are instances merely tagged as managed. Thread-safe; time comes from the clock.
 */
public final class SimulatedRunnerCloud implements RunnerCloud {

  private final Clock clock;
  private final SimulatedCloudSettings settings;
  private final FaultInjector faults;
  private final Map<String, SimulatedInstance> instances = new LinkedHashMap<>();
  private final Map<String, String> instanceByToken = new LinkedHashMap<>();
  private final Map<String, Sensitive> parameters = new TreeMap<>();
  private final List<CapacityOutage> outages = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private long launches;
  /** How long EC2 keeps describing a terminated instance. */
  private static final Duration RECLAIMED_VISIBLE = Duration.ofHours(1);

  private final InstallationId installation;

  public SimulatedRunnerCloud(Clock clock, SimulatedCloudSettings settings) {
    this(clock, settings, InstallationId.DEFAULT);
  }

  public SimulatedRunnerCloud(Clock clock, SimulatedCloudSettings settings, InstallationId installation) {
    this.installation = installation;
    this.clock = clock;
    this.settings = settings;
    this.faults = new FaultInjector(settings.seed());
  }

  @Override
  public synchronized LaunchedInstance launch(LaunchRequest request) throws CloudException {
    call("CreateFleet");
    CloudException injected = faults.pollLaunchFailure();
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
        .filter(i -> ofThisInstallation(i) && i.interrupted()
            && i.shutdownAt().isAfter(now.minus(RECLAIMED_VISIBLE)))
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
    for (String id : instanceIds) {
      SimulatedInstance instance = instances.get(id);
      if (instance != null) {
        instance.shutDown(now, false);
      }
    }
  }

  @Override
  public synchronized Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds)
      throws CloudException {
    Set<String> own = new LinkedHashSet<>();
    for (String id : instanceIds) {
      call("DescribeInstanceAttribute");
      SimulatedInstance instance = instances.get(id);
      if (instance != null && instance.launchedHere) {
        own.add(id);
      }
    }
    terminate(own);
    return own;
  }

  @Override
  public synchronized void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    call("PutParameter");
    parameters.put(parameterName(key), jitConfig);
  }

  @Override
  public synchronized void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    call("DeleteParameter");
    parameters.remove(parameterName(key));
  }

  @Override
  public synchronized List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    call("GetParametersByPath");
    String own = parameterPath(installation);
    return parameters.keySet().stream().filter(name -> name.startsWith(own)).map(SimulatedRunnerCloud::keyOf)
        .toList();
  }

  private static RunnerConfigKey keyOf(String parameterName) {
    String[] parts = parameterName.substring("/ec2runner/".length()).split("/");
    return new RunnerConfigKey(parts[1], parts[2], parts[3]);
  }

  /** What the instance's bootstrap does: read its runner configuration and delete it. Empty when absent. */
  public synchronized Optional<Sensitive> takeRunnerConfig(String namespace, String pool, String instanceId) {
    return Optional.ofNullable(parameters.remove(parameterName(new RunnerConfigKey(namespace, pool, instanceId))));
  }

  /**
   * Adds a running instance carrying the managed tags, of the given installation (null for none), that this cloud
   * did not launch: one tagged by hand to look managed, or another installation's.
   */
  public synchronized String addTaggedInstance(String taggedInstallation, String namespace, String pool,
      String runnerName, String runnerUid) {
    launches++;
    String id = String.format("i-%017x", 0x5100000000L + launches);
    LaunchRequest request = new LaunchRequest(namespace, pool, runnerName, runnerUid, CapacityType.ON_DEMAND, null,
        Set.of());
    instances.put(id, new SimulatedInstance(id, request, "m7i.large", "eu-west-1a", CapacityType.ON_DEMAND,
        "10.255.0." + (launches & 0xff), clock.instant().minus(settings.bootDelay()), taggedInstallation, false));
    return id;
  }

  /** Stores a runner configuration at another installation's path, as that installation would. */
  public synchronized void storeRunnerConfigOf(InstallationId other, RunnerConfigKey key, Sensitive jitConfig) {
    parameters.put(parameterName(other, key), jitConfig);
  }

  /** A spot interruption (or any instance failure): the instance shuts down and is gone after the delay. */
  public synchronized boolean interrupt(String instanceId) {
    SimulatedInstance instance = instances.get(instanceId);
    if (instance == null || instance.state(clock.instant(), settings).isGone()) {
      return false;
    }
    instance.shutDown(clock.instant(), true);
    return true;
  }

  /** The instance powered itself off (the runner finished its job); it terminates like a shutdown. */
  public synchronized void shutDownFromInside(String instanceId) {
    Optional.ofNullable(instances.get(instanceId)).ifPresent(i -> i.shutDown(clock.instant(), false));
  }

  /** No capacity for the offering (a null zone means every zone) from now until {@code until}. */
  public synchronized void addCapacityOutage(String instanceType, String zone, CapacityType capacityType,
      Instant until) {
    outages.add(new CapacityOutage(instanceType, zone, capacityType, clock.instant(), until));
  }

  public synchronized void clearCapacityOutages() {
    outages.clear();
  }

  /** The next launch fails with this exception (queued: several calls queue several failures). */
  public synchronized void failNextLaunch(CloudException failure) {
    faults.failNextLaunch(failure);
  }

  /** Probability of a throttling error on each call. */
  public synchronized void throttleRate(double rate) {
    faults.throttleRate(rate);
  }

  /** Probability of an internal error on each call. */
  public synchronized void apiErrorRate(double rate) {
    faults.apiErrorRate(rate);
  }

  /** Every call so far, in order, by EC2/SSM action name (CreateFleet, DescribeInstances, PutParameter…). */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized Map<String, Long> callCounts() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach(action -> counts.merge(action, 1L, Long::sum));
    return counts;
  }

  /** Billed time per instance type and capacity type, for cost reports. */
  public synchronized List<InstanceUsage> usage() {
    return UsageReport.of(instances.values(), clock.instant(), settings);
  }

  /** Billed time of every instance ever launched, by instance id, for per-instance usage reports. */
  public synchronized Map<String, Duration> billedPerInstance() {
    Instant now = clock.instant();
    Map<String, Duration> billed = new LinkedHashMap<>();
    instances.values().forEach(i -> billed.put(i.instanceId, i.billed(now, settings)));
    return billed;
  }

  /** Runner configurations still stored, read without an API call (for leak reports, not the operator). */
  public synchronized List<RunnerConfigKey> storedRunnerConfigs() {
    return parameters.keySet().stream().map(SimulatedRunnerCloud::keyOf).toList();
  }

  /** Every instance ever launched, terminated ones included, as it is now. */
  public synchronized List<CloudInstance> allInstances() {
    Instant now = clock.instant();
    return instances.values().stream().map(i -> i.toCloudInstance(now, settings)).toList();
  }

  /** Forgets everything: instances, parameters, outages, failure switches and the call log. */
  public synchronized void reset() {
    instances.clear();
    instanceByToken.clear();
    parameters.clear();
    outages.clear();
    calls.clear();
    faults.reset();
    launches = 0;
  }

  private int pages(int instances) {
    return Math.max(1, (instances + settings.describePageSize() - 1) / settings.describePageSize());
  }

  private void call(String action) throws CloudException {
    calls.add(action);
    faults.maybeFail(action);
  }

  private SimulatedInstance start(LaunchRequest request, String type, String zone, Instant now) {
    launches++;
    String id = String.format("i-%017x", 0x5100000000L + launches);
    String ip = "10.%d.%d.%d".formatted((launches >> 16) & 0xff, (launches >> 8) & 0xff, launches & 0xff);
    SimulatedInstance instance = new SimulatedInstance(id, request, type, zone, request.capacityType(), ip, now,
        installation.value(), true);
    instances.put(id, instance);
    instanceByToken.put(request.idempotencyToken(), id);
    return instance;
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

  private static LaunchedInstance launched(SimulatedInstance instance) {
    return new LaunchedInstance(instance.instanceId, instance.instanceType, instance.zone, instance.capacityType);
  }

  private boolean ofThisInstallation(SimulatedInstance instance) {
    return instance.installation == null || instance.installation.equals(installation.value());
  }

  private String parameterName(RunnerConfigKey key) {
    return parameterName(installation, key);
  }

  private static String parameterName(InstallationId owner, RunnerConfigKey key) {
    return parameterPath(owner) + key.namespace() + "/" + key.pool() + "/" + key.instanceId();
  }

  private static String parameterPath(InstallationId owner) {
    return "/ec2runner/" + owner.value() + "/";
  }
}
