package dev.ec2runner.operator.cloud.guard;

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

/** A cloud whose calls report to {@link CloudHealth} whether the operator's credentials were accepted. */
final class GuardedRunnerCloud implements RunnerCloud {

  private interface Call<T> {
    T run() throws CloudException;
  }

  private final RunnerCloud delegate;
  private final CloudHealth health;

  GuardedRunnerCloud(RunnerCloud delegate, CloudHealth health) {
    this.delegate = delegate;
    this.health = health;
  }

  @Override
  public LaunchedInstance launch(LaunchRequest request) throws CloudException {
    return call(() -> delegate.launch(request));
  }

  @Override
  public List<CloudInstance> listInstances() throws CloudException {
    return call(delegate::listInstances);
  }

  @Override
  public InstanceListing listInstances(Set<String> regions) throws CloudException {
    return call(() -> delegate.listInstances(regions));
  }

  @Override
  public void terminate(Collection<String> instanceIds) throws CloudException {
    call(() -> {
      delegate.terminate(instanceIds);
      return null;
    });
  }

  @Override
  public void terminate(String region, Collection<String> instanceIds) throws CloudException {
    call(() -> {
      delegate.terminate(region, instanceIds);
      return null;
    });
  }

  @Override
  public Set<String> launchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return call(() -> delegate.launchedHere(region, instanceIds));
  }

  @Override
  public Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds) throws CloudException {
    return call(() -> delegate.terminateLaunchedHere(region, instanceIds));
  }

  @Override
  public void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    call(() -> {
      delegate.handOffRunnerConfig(key, jitConfig);
      return null;
    });
  }

  @Override
  public void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    call(() -> {
      delegate.deleteRunnerConfig(key);
      return null;
    });
  }

  @Override
  public List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    return call(delegate::listRunnerConfigs);
  }

  private <T> T call(Call<T> call) throws CloudException {
    try {
      T result = call.run();
      health.accepted();
      return result;
    } catch (CloudException.CredentialsRefused e) {
      health.refused(e.getMessage());
      throw e;
    } catch (CloudException.Throttled | CloudException.InsufficientCapacity e) {
      // The cloud authenticated the call before it answered so.
      health.accepted();
      throw e;
    }
  }
}
