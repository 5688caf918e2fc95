package dev.ec2runner.operator.cloud;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.planner.InvalidPoolSpecException;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import java.util.Set;

/**
 * What to launch for one Runner.
 *
 * @param idempotencyToken the Runner's UID: the same token never launches a second instance
 * @param capacityType how to buy this launch (the caller resolves spot-with-fallback)
 * @param poolSpec the pool's spec (instance types, subnets, AMI, …) the launch follows
 * @param unavailable offerings known to be out of capacity right now; implementations skip them
 */
public record LaunchRequest(String namespace, String pool, String runnerName, String idempotencyToken,
    CapacityType capacityType, RunnerPoolSpec poolSpec, Set<Offering> unavailable) {

  public LaunchRequest {
    unavailable = Set.copyOf(unavailable);
  }

  /**
   * Refuses, as EC2 refuses a request missing a parameter, a launch whose pool spec lacks what a launch needs
   * (subnets, instance types, region…). Every {@link RunnerCloud} calls this first, so such a spec fails with a typed
   * error that names the field rather than deep inside the launch.
   *
   * @throws CloudException.InvalidConfiguration naming the missing or unusable field
   */
  public void requireLaunchable() throws CloudException.InvalidConfiguration {
    try {
      PoolSpecCheck.requireLaunchable(poolSpec);
    } catch (InvalidPoolSpecException e) {
      throw new CloudException.InvalidConfiguration("MissingParameter: the launch request is incomplete: "
          + e.getMessage());
    }
  }
}
