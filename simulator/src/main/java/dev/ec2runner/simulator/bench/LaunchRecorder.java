package dev.ec2runner.simulator.bench;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Wraps the operator's cloud and notes when the first launch call for each Runner was issued. */
final class LaunchRecorder implements RunnerCloud {

  private final RunnerCloud delegate;
  private final Clock clock;
  private final Map<String, Instant> firstCallByToken;

  LaunchRecorder(RunnerCloud delegate, Clock clock, Map<String, Instant> firstCallByToken) {
    this.delegate = delegate;
    this.clock = clock;
    this.firstCallByToken = firstCallByToken;
  }

  static Map<String, Instant> newLog() {
    return new ConcurrentHashMap<>();
  }

  /** When each Runner's first launch call was issued, in order. */
  static List<Instant> issued(Map<String, Instant> log) {
    List<Instant> times = new ArrayList<>(log.values());
    times.sort(null);
    return times;
  }

  @Override
  public LaunchedInstance launch(LaunchRequest request) throws CloudException {
    firstCallByToken.putIfAbsent(request.idempotencyToken(), clock.instant());
    return delegate.launch(request);
  }

  @Override
  public List<CloudInstance> listInstances() throws CloudException {
    return delegate.listInstances();
  }

  @Override
  public void terminate(Collection<String> instanceIds) throws CloudException {
    delegate.terminate(instanceIds);
  }

  @Override
  public Set<String> launchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return delegate.launchedHere(region, instanceIds);
  }

  @Override
  public Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return delegate.terminateLaunchedHere(region, instanceIds);
  }

  @Override
  public void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    delegate.handOffRunnerConfig(key, jitConfig);
  }

  @Override
  public void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    delegate.deleteRunnerConfig(key);
  }

  @Override
  public List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    return delegate.listRunnerConfigs();
  }
}
