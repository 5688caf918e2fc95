package dev.ec2runner.simulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.fake.FakeCloudSettings;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Billed time per instance type and capacity type, from the fake cloud's instances. */
class UsageReportTest {

  private static final FakeCloudSettings SETTINGS = FakeCloudSettings.defaults();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final FakeRunnerCloud cloud = new FakeRunnerCloud(clock, SETTINGS);

  @Test
  void accountsBilledTimeFromRunningToTerminated() throws Exception {
    LaunchedInstance spot = cloud.launch(AwsTestPools.launch("linux", pool()));
    cloud.launch(AwsTestPools.launch("linux", pool()));
    cloud.launch(AwsTestPools.launch("linux", pool(), CapacityType.ON_DEMAND, Set.of()));
    clock.advance(SETTINGS.bootDelay().plus(Duration.ofMinutes(10)));
    cloud.terminate(List.of(spot.instanceId()));
    clock.advance(Duration.ofHours(1));

    assertThat(UsageReport.of(cloud)).containsExactly(
        new InstanceUsage("m5.large", CapacityType.ON_DEMAND, Duration.ofMinutes(70), 1),
        new InstanceUsage("m5.large", CapacityType.SPOT,
            Duration.ofMinutes(80).plus(SETTINGS.terminationDelay()), 2));
  }

  private static RunnerPoolSpec pool() {
    return AwsTestPools.spec(List.of("subnet-0000000000000000a"), "m5.large");
  }
}
