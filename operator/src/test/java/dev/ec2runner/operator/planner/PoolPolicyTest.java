package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.IdleSchedule;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.ScalingSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolPolicyTest {

  @Test
  void unsetFieldsTakeTheDocumentedDefaults() {
    PoolPolicy policy = PoolPolicy.from(new RunnerPoolSpec().withScaling(new ScalingSettings().withMaxRunners(7)));

    assertThat(policy.maxRunners()).isEqualTo(7);
    assertThat(policy.minIdle()).isZero();
    assertThat(policy.replicasFloor()).isZero();
    assertThat(policy.scaleUpDelay()).isZero();
    assertThat(policy.minimumRunningTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.bootTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsEveryFieldAndCapsTheReplicasFloorAtMaxRunners() {
    RunnerPoolSpec spec = new RunnerPoolSpec().withReplicas(50).withScaling(new ScalingSettings()
        .withMaxRunners(20).withMinIdle(2).withScaleUpDelay("10s").withMinimumRunningTime("1h")
        .withIdleTimeout("90s").withBootTimeout("7m")
        .withIdleSchedules(List.of(new IdleSchedule().withCron("0 8 * * 1-5").withTimeZone("Europe/Berlin")
            .withCount(4).withDuration("9h"))));

    PoolPolicy policy = PoolPolicy.from(spec);

    assertThat(policy.replicasFloor()).isEqualTo(20);
    assertThat(policy.minIdle()).isEqualTo(2);
    assertThat(policy.scaleUpDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.minimumRunningTime()).isEqualTo(Duration.ofHours(1));
    assertThat(policy.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.bootTimeout()).isEqualTo(Duration.ofMinutes(7));
    assertThat(policy.idleWindows()).singleElement().extracting(IdleWindow::count).isEqualTo(4);
  }

  @Test
  void aBadScheduleNamesItsFieldPath() {
    RunnerPoolSpec spec = new RunnerPoolSpec().withScaling(new ScalingSettings().withMaxRunners(5)
        .withIdleSchedules(List.of(
            new IdleSchedule().withCron("0 8 * * *").withCount(1).withDuration("1h"),
            new IdleSchedule().withCron("0 8 * * *").withTimeZone("Europe/Nowhere").withCount(1).withDuration("1h"))));

    assertThatThrownBy(() -> PoolPolicy.from(spec))
        .isInstanceOf(InvalidPoolSpecException.class)
        .hasMessageStartingWith("spec.scaling.idleSchedules[1]: unknown time zone 'Europe/Nowhere'");
  }

  @Test
  void aMissingScalingSectionIsReported() {
    assertThatThrownBy(() -> PoolPolicy.from(new RunnerPoolSpec()))
        .isInstanceOf(InvalidPoolSpecException.class)
        .hasMessage("spec.scaling.maxRunners is required");
  }
}
