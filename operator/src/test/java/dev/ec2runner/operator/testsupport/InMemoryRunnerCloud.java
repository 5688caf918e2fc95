package dev.ec2runner.operator.testsupport;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small stateful cloud for operator tests: instances keyed by id with the idempotency token honoured, stored
 * runner configurations, a call log, and failure switches (no capacity for a capacity type, one-shot errors,
 * interruptions). Thread-safe; the full simulation with boot delays lives in the simulator module.
 */
public final class InMemoryRunnerCloud implements RunnerCloud {

  private final Clock clock;
  private final Map<String, CloudInstance> instances = new LinkedHashMap<>();
  private final Map<String, String> instanceByToken = new LinkedHashMap<>();
  private final Map<RunnerConfigKey, Sensitive> configs = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<LaunchRequest> launches = new ArrayList<>();
  private final Set<CapacityType> outOfCapacity = new HashSet<>();
  /** Instances tagged to look managed that no operator launched. */
  private final Set<String> handTagged = new HashSet<>();
  private CloudException nextLaunchError;
  private int counter;

  public InMemoryRunnerCloud(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized LaunchedInstance launch(LaunchRequest request) throws CloudException {
    calls.add("launch " + request.runnerName() + " " + request.capacityType().wireName());
    launches.add(request);
    String existing = instanceByToken.get(request.idempotencyToken());
    if (existing != null) {
      CloudInstance i = instances.get(existing);
      return new LaunchedInstance(i.instanceId(), i.instanceType(), i.availabilityZone(), i.capacityType());
    }
    request.requireLaunchable();
    if (nextLaunchError != null) {
      CloudException error = nextLaunchError;
      nextLaunchError = null;
      throw error;
    }
    List<Offering> candidates = request.poolSpec().getEc2().getInstanceTypes().stream()
        .map(t -> new Offering(t, null, request.capacityType()))
        .filter(o -> !request.unavailable().contains(o))
        .toList();
    if (candidates.isEmpty() || outOfCapacity.contains(request.capacityType())) {
      throw new CloudException.InsufficientCapacity("InsufficientInstanceCapacity: no " + request.capacityType()
          .wireName() + " capacity for " + candidates.stream().map(Offering::instanceType).toList(), candidates);
    }
    String type = candidates.get(0).instanceType();
    String id = String.format("i-%017x", ++counter);
    CloudInstance instance = new CloudInstance(id, request.namespace(), request.pool(), request.runnerName(),
        request.idempotencyToken(), InstanceState.RUNNING, type, request.capacityType(), "eu-west-1a",
        "10.0.0." + counter, clock.instant());
    instances.put(id, instance);
    instanceByToken.put(request.idempotencyToken(), id);
    return new LaunchedInstance(id, type, "eu-west-1a", request.capacityType());
  }

  @Override
  public synchronized List<CloudInstance> listInstances() {
    calls.add("listInstances");
    // Terminated instances EC2 ended itself stay described, as on EC2 (for about an hour there).
    return instances.values().stream().filter(i -> i.state() != InstanceState.TERMINATED || i.reclaimed()).toList();
  }

  @Override
  public synchronized void terminate(Collection<String> instanceIds) {
    calls.add("terminate " + String.join(",", instanceIds));
    // As on EC2, an instance already shutting down finishes that on its own time.
    instanceIds.stream().filter(id -> instances.containsKey(id)
        && instances.get(id).state() != InstanceState.SHUTTING_DOWN)
        .forEach(id -> setState(id, InstanceState.TERMINATED));
  }

  @Override
  public synchronized Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds) {
    Set<String> own = instanceIds.stream().filter(id -> instances.containsKey(id) && !handTagged.contains(id))
        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    terminate(own);
    return own;
  }

  @Override
  public synchronized void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) {
    calls.add("handOff " + key.instanceId());
    configs.put(key, jitConfig);
  }

  @Override
  public synchronized void deleteRunnerConfig(RunnerConfigKey key) {
    calls.add("deleteConfig " + key.instanceId());
    configs.remove(key);
  }

  @Override
  public synchronized List<RunnerConfigKey> listRunnerConfigs() {
    return List.copyOf(configs.keySet());
  }

  /** What an instance does at boot: reads its configuration and deletes it. */
  public synchronized Optional<Sensitive> consumeConfig(String instanceId) {
    Optional<RunnerConfigKey> key = configs.keySet().stream().filter(k -> k.instanceId().equals(instanceId))
        .findFirst();
    return key.map(configs::remove);
  }

  /** Adds an instance this installation launched whose Runner is gone (an orphan). */
  public synchronized String addOrphanInstance(String namespace, String pool, String runnerName, String runnerUid) {
    String id = String.format("i-%017x", ++counter);
    instances.put(id, new CloudInstance(id, namespace, pool, runnerName, runnerUid, InstanceState.RUNNING,
        "m7i.large", CapacityType.SPOT, "eu-west-1b", "10.0.1." + counter, clock.instant()));
    return id;
  }

  /** Adds an instance someone tagged with this installation's managed tags; no operator launched it. */
  public synchronized String addHandTaggedInstance(String namespace, String pool, String runnerName,
      String runnerUid) {
    String id = addOrphanInstance(namespace, pool, runnerName, runnerUid);
    handTagged.add(id);
    return id;
  }

  /** An ephemeral runner's shutdown after its job: the instance powers itself off and terminates. */
  public synchronized void interrupt(String instanceId) {
    setState(instanceId, InstanceState.TERMINATED, false);
  }

  /**
   * A spot interruption or a host failure: EC2 ends the instance (state reason {@code Server.*}); it is listed as
   * shutting down until {@link #finishShutdowns()}.
   */
  public synchronized void reclaim(String instanceId) {
    setState(instanceId, InstanceState.SHUTTING_DOWN, true);
  }

  /** Every instance shutting down is terminated (and so listed no more). */
  public synchronized void finishShutdowns() {
    instances.values().stream().filter(i -> i.state() == InstanceState.SHUTTING_DOWN).map(CloudInstance::instanceId)
        .toList().forEach(id -> setState(id, InstanceState.TERMINATED));
  }

  public synchronized void setOutOfCapacity(CapacityType type, boolean out) {
    if (out) {
      outOfCapacity.add(type);
    } else {
      outOfCapacity.remove(type);
    }
  }

  public synchronized void failNextLaunch(CloudException error) {
    nextLaunchError = error;
  }

  public synchronized List<CloudInstance> running() {
    return instances.values().stream().filter(i -> i.state() == InstanceState.RUNNING).toList();
  }

  public synchronized Optional<CloudInstance> instanceOfRunner(String runnerName) {
    return instances.values().stream().filter(i -> runnerName.equals(i.runnerName())).findFirst();
  }

  public synchronized List<LaunchRequest> launches() {
    return List.copyOf(launches);
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized Set<RunnerConfigKey> storedConfigs() {
    return Set.copyOf(configs.keySet());
  }

  public synchronized void reset() {
    instances.clear();
    instanceByToken.clear();
    configs.clear();
    calls.clear();
    launches.clear();
    outOfCapacity.clear();
    handTagged.clear();
    nextLaunchError = null;
  }

  private void setState(String id, InstanceState state) {
    CloudInstance i = instances.get(id);
    setState(id, state, i != null && i.reclaimed());
  }

  private void setState(String id, InstanceState state, boolean reclaimed) {
    CloudInstance i = instances.get(id);
    if (i != null) {
      instances.put(id, new CloudInstance(i.instanceId(), i.namespace(), i.pool(), i.runnerName(), i.runnerUid(),
          state, i.instanceType(), i.capacityType(), i.availabilityZone(), i.privateIp(), i.launchTime(), reclaimed));
    }
  }
}
