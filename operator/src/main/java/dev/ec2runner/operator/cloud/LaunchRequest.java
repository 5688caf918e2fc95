package dev.ec2runner.operator.cloud;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
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
}
