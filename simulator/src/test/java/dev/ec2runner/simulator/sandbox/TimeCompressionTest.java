package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.OperatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeCompressionTest {

  @Test
  void realTimeWaitsShrinkByTheSpeedDownToTheFloor() {
    TimeCompression tenTimes = new TimeCompression(10);

    assertThat(tenTimes.realTime(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
    assertThat(tenTimes.realTime(Duration.ofMinutes(4))).isEqualTo(Duration.ofSeconds(24));
    assertThat(tenTimes.realTime(Duration.ofMillis(500))).isEqualTo(TimeCompression.FLOOR);
    assertThat(new TimeCompression(0.5).realTime(Duration.ofSeconds(30))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theOperatorObservesAndRetriesInCompressedTimeButComparesEverythingElseInSimulatedTime() {
    OperatorConfig config = new TimeCompression(30).operatorConfig(Duration.ofSeconds(30),
        java.util.Set.of("ec2runner-sandbox-b2c4d"));
    OperatorConfig defaults = OperatorConfig.defaults(Duration.ofSeconds(30));

    assertThat(config.observeInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.errorRetry()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.webhookRecoveryInterval()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.stillQueuedCheckAfter()).isEqualTo(defaults.stillQueuedCheckAfter());
    // Compared with the world's clock, so left in simulated time.
    assertThat(config.offeringCooldown()).isEqualTo(defaults.offeringCooldown());
    assertThat(config.instanceVisibilityGrace()).isEqualTo(defaults.instanceVisibilityGrace());
    assertThat(config.completedJobTtl()).isEqualTo(defaults.completedJobTtl());
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.watchNamespaces()).containsExactly("ec2runner-sandbox-b2c4d");
  }

  @Test
  void aSpeedMustBePositiveAndFinite() {
    assertThatThrownBy(() -> new TimeCompression(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new TimeCompression(Double.POSITIVE_INFINITY)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new TimeCompression(Double.NaN)).hasMessageContaining("positive");
  }
}
