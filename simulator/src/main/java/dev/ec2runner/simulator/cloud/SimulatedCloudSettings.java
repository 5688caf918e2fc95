package dev.ec2runner.simulator.cloud;

import java.time.Duration;
import java.util.Map;

/**
 * How the simulated EC2 behaves.
 *
 * @param bootDelay how long an instance stays pending before it runs
 * @param terminationDelay how long an instance stays shutting-down before it is terminated
 * @param describePageSize instances per DescribeInstances page, for counting calls as EC2 would
 * @param subnetZones zone of each subnet id; unlisted subnets get a zone from their position in the pool's list
 * @param seed seed of the random error injection, so runs repeat
 */
public record SimulatedCloudSettings(Duration bootDelay, Duration terminationDelay, int describePageSize,
    Map<String, String> subnetZones, long seed) {

  public SimulatedCloudSettings {
    subnetZones = Map.copyOf(subnetZones);
    if (bootDelay.isNegative() || terminationDelay.isNegative() || describePageSize < 1) {
      throw new IllegalArgumentException("delays must not be negative and the page size must be positive");
    }
  }

  /** Boots in 30 s, terminates in 10 s, 1000 instances per page. */
  public static SimulatedCloudSettings defaults() {
    return new SimulatedCloudSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), 1000, Map.of(), 42L);
  }

  public SimulatedCloudSettings withBootDelay(Duration delay) {
    return new SimulatedCloudSettings(delay, terminationDelay, describePageSize, subnetZones, seed);
  }

  public SimulatedCloudSettings withTerminationDelay(Duration delay) {
    return new SimulatedCloudSettings(bootDelay, delay, describePageSize, subnetZones, seed);
  }

  public SimulatedCloudSettings withDescribePageSize(int pageSize) {
    return new SimulatedCloudSettings(bootDelay, terminationDelay, pageSize, subnetZones, seed);
  }

  public SimulatedCloudSettings withSubnetZones(Map<String, String> zones) {
    return new SimulatedCloudSettings(bootDelay, terminationDelay, describePageSize, zones, seed);
  }
}
