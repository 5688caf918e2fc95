package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cloud the operator is given, counting the failures it received by kind, so that a chaos run can show its
 * EC2/SSM faults really reached the operator. Counters are shared by the clouds of successive operator restarts.
 */
final class FaultCountingCloud implements RunnerCloud {

  /** Failures seen, by kind, across every cloud built on the same counters. */
  static final class Counters {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong insufficientCapacity = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws CloudException;
  }

  private final RunnerCloud cloud;
  private final Counters counters;

  FaultCountingCloud(RunnerCloud cloud, Counters counters) {
    this.cloud = cloud;
    this.counters = counters;
  }

  @Override
  public LaunchedInstance launch(LaunchRequest request) throws CloudException {
    return counted(() -> cloud.launch(request));
  }

  @Override
  public List<CloudInstance> listInstances() throws CloudException {
    return counted(cloud::listInstances);
  }

  @Override
  public void terminate(Collection<String> instanceIds) throws CloudException {
    counted(() -> {
      cloud.terminate(instanceIds);
      return null;
    });
  }

  @Override
  public Set<String> launchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return counted(() -> cloud.launchedHere(region, instanceIds));
  }

  @Override
  public Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return counted(() -> cloud.terminateLaunchedHere(region, instanceIds));
  }

  @Override
  public void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    counted(() -> {
      cloud.handOffRunnerConfig(key, jitConfig);
      return null;
    });
  }

  @Override
  public void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    counted(() -> {
      cloud.deleteRunnerConfig(key);
      return null;
    });
  }

  @Override
  public List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    return counted(cloud::listRunnerConfigs);
  }

  private <T> T counted(Call<T> call) throws CloudException {
    counters.calls.incrementAndGet();
    try {
      return call.run();
    } catch (CloudException.InsufficientCapacity e) {
      counters.insufficientCapacity.incrementAndGet();
      throw e;
    } catch (CloudException.Throttled e) {
      counters.throttled.incrementAndGet();
      throw e;
    } catch (CloudException.InvalidConfiguration e) {
      throw e;
    } catch (CloudException e) {
      // What is left is the plain server error the scenario's apiErrorRate injects.
      counters.serverErrors.incrementAndGet();
      throw e;
    }
  }
}
