package dev.ec2runner.simulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The scenario's API fault rates, put on the fake cloud's calls. */
class FaultInjectorTest {

  private final FakeRunnerCloud cloud = new FakeRunnerCloud(new MutableClock(Instant.parse("2026-03-02T09:00:00Z")));
  private final FaultInjector faults = new FaultInjector(42L);

  @Test
  void ratesThrottleOrFailCallsAndTheCallsAreStillCounted() throws Exception {
    cloud.failCallsWith(faults);

    faults.throttleRate(1.0);
    assertThatThrownBy(() -> cloud.listInstances()).isInstanceOf(CloudException.Throttled.class);
    faults.throttleRate(0.0);
    faults.apiErrorRate(1.0);
    assertThatThrownBy(() -> cloud.listInstances()).isExactlyInstanceOf(CloudException.class)
        .hasMessageContaining("InternalError");
    faults.apiErrorRate(0.0);
    assertThat(cloud.listInstances()).isEmpty();
    // Each failed listing stopped at its first call; the one that went through made two (live, then reclaimed).
    assertThat(cloud.calls()).hasSize(4).containsOnly("DescribeInstances");
  }

  @Test
  void ratesAreProbabilities() {
    assertThatThrownBy(() -> faults.throttleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.apiErrorRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
  }
}
