package dev.ec2runner.operator.cloud.fake;

import java.time.Duration;
import java.util.Map;

/**
 * How the fake EC2 behaves.
 *
 * @param bootDelay how long an instance stays pending before it runs
 * @param terminationDelay how long an instance stays shutting-down before it is terminated
 * @param describePageSize instances per DescribeInstances page, for counting calls as EC2 would
 * @param subnetZones zone of each subnet id; unlisted subnets get a zone from their position in the pool's list
 */
public record FakeCloudSettings(Duration bootDelay, Duration terminationDelay, int describePageSize,
    Map<String, String> subnetZones) {

  public FakeCloudSettings {
    subnetZones = Map.copyOf(subnetZones);
    if (bootDelay.isNegative() || terminationDelay.isNegative() || describePageSize < 1) {
      throw new IllegalArgumentException("delays must not be negative and the page size must be positive");
    }
  }

  /** Boots in 30 s, terminates in 10 s, 1000 instances per page: EC2's pace, for simulations on a moving clock. */
  public static FakeCloudSettings defaults() {
    return new FakeCloudSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), 1000, Map.of());
  }

  /** Instances run and terminate at once, for tests whose clock moves only by hand. */
  public static FakeCloudSettings immediate() {
    return defaults().withBootDelay(Duration.ZERO).withTerminationDelay(Duration.ZERO);
  }

  public FakeCloudSettings withBootDelay(Duration delay) {
    return new FakeCloudSettings(delay, terminationDelay, describePageSize, subnetZones);
  }

  public FakeCloudSettings withTerminationDelay(Duration delay) {
    return new FakeCloudSettings(bootDelay, delay, describePageSize, subnetZones);
  }

  public FakeCloudSettings withDescribePageSize(int pageSize) {
    return new FakeCloudSettings(bootDelay, terminationDelay, pageSize, subnetZones);
  }

  public FakeCloudSettings withSubnetZones(Map<String, String> zones) {
    return new FakeCloudSettings(bootDelay, terminationDelay, describePageSize, zones);
  }
}
