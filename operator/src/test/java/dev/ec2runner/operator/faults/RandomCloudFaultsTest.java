package dev.ec2runner.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario's API fault rates, put on the calls to a cloud through a gate. */
class RandomCloudFaultsTest {

  private final FakeRunnerCloud fake = new FakeRunnerCloud(new MutableClock(Instant.parse("2026-03-02T09:00:00Z")));
  private final RandomCloudFaults faults = new RandomCloudFaults(42L);
  private final RunnerCloud cloud = new CallGate(List.of(faults)).wrap(RunnerCloud.class, fake);

  @Test
  void ratesThrottleOrFailCallsBeforeTheyReachTheCloud() throws Exception {
    faults.throttleRate(1.0);
    assertThatThrownBy(cloud::listInstances).isInstanceOf(CloudException.Throttled.class)
        .hasMessageContaining("RunnerCloud.listInstances");
    faults.throttleRate(0.0);
    faults.apiErrorRate(1.0);
    assertThatThrownBy(cloud::listInstances).isExactlyInstanceOf(CloudException.class)
        .hasMessageContaining("InternalError");
    assertThat(fake.calls()).as("failed before reaching the cloud").isEmpty();

    faults.apiErrorRate(0.0);
    assertThat(cloud.listInstances()).isEmpty();
    assertThat(fake.calls()).containsOnly("DescribeInstances");
  }

  @Test
  void aRateFailsAboutThatShareOfCallsAndTheSameSeedRepeatsIt() {
    assertThat(failures(new RandomCloudFaults(7L))).isBetween(150, 250).isEqualTo(failures(new RandomCloudFaults(7L)));
  }

  private int failures(RandomCloudFaults rates) {
    rates.apiErrorRate(0.2);
    RunnerCloud gated = new CallGate(List.of(rates)).wrap(RunnerCloud.class, fake);
    int failed = 0;
    for (int i = 0; i < 1000; i++) {
      try {
        gated.listRunnerConfigs();
      } catch (CloudException e) {
        failed++;
      }
    }
    return failed;
  }

  @Test
  void ratesAreProbabilities() {
    assertThatThrownBy(() -> faults.throttleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.apiErrorRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
  }
}
