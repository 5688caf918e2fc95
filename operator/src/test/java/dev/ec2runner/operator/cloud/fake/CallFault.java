package dev.ec2runner.operator.cloud.fake;

import dev.ec2runner.operator.cloud.CloudException;

/** Decides, before the fake cloud serves a call, whether that call fails: random throttling, an outage of the API. */
@FunctionalInterface
public interface CallFault {

  CallFault NONE = action -> { };

  /**
   * Throws to fail the call; the call is logged either way, as the cloud would count it.
   *
   * @param action the EC2 or SSM action name (CreateFleet, DescribeInstances, PutParameter…)
   */
  void check(String action) throws CloudException;
}
