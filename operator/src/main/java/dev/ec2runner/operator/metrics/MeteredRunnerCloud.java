package dev.ec2runner.operator.metrics;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.InstanceListing;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Counts every cloud call by operation and outcome. */
public final class MeteredRunnerCloud implements RunnerCloud {

  private final RunnerCloud delegate;
  private final OperatorMetrics metrics;

  public MeteredRunnerCloud(RunnerCloud delegate, OperatorMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public LaunchedInstance launch(LaunchRequest request) throws CloudException {
    return call("launch", () -> delegate.launch(request));
  }

  @Override
  public List<CloudInstance> listInstances() throws CloudException {
    return call("listInstances", delegate::listInstances);
  }

  @Override
  public InstanceListing listInstances(Set<String> regions) throws CloudException {
    return call("listInstances", () -> delegate.listInstances(regions));
  }

  @Override
  public void terminate(Collection<String> instanceIds) throws CloudException {
    call("terminate", () -> {
      delegate.terminate(instanceIds);
      return null;
    });
  }

  @Override
  public void terminate(String region, Collection<String> instanceIds) throws CloudException {
    call("terminate", () -> {
      delegate.terminate(region, instanceIds);
      return null;
    });
  }

  @Override
  public Set<String> launchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return call("launchedHere", () -> delegate.launchedHere(region, instanceIds));
  }

  @Override
  public Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return call("terminate", () -> delegate.terminateLaunchedHere(region, instanceIds));
  }

  @Override
  public void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    call("handOffRunnerConfig", () -> {
      delegate.handOffRunnerConfig(key, jitConfig);
      return null;
    });
  }

  @Override
  public void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    call("deleteRunnerConfig", () -> {
      delegate.deleteRunnerConfig(key);
      return null;
    });
  }

  @Override
  public List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    return call("listRunnerConfigs", delegate::listRunnerConfigs);
  }

  private <T> T call(String operation, CloudCall<T> call) throws CloudException {
    try {
      T result = call.run();
      metrics.apiCall("cloud", operation, "success");
      return result;
    } catch (CloudException.Throttled e) {
      metrics.apiCall("cloud", operation, "throttled");
      throw e;
    } catch (CloudException.InsufficientCapacity e) {
      metrics.apiCall("cloud", operation, "insufficient_capacity");
      throw e;
    } catch (CloudException | RuntimeException e) {
      metrics.apiCall("cloud", operation, "error");
      throw e;
    }
  }

  private interface CloudCall<T> {
    T run() throws CloudException;
  }
}
