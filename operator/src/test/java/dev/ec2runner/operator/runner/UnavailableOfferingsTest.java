package dev.ec2runner.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offerings EC2 had no capacity for are skipped for a cool-down, then tried again. */
class UnavailableOfferingsTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void unavailableOfferingsExpireAfterTheirCoolDown() {
    MutableClock clock = new MutableClock(T0);
    UnavailableOfferings offerings = new UnavailableOfferings(clock, Duration.ofMinutes(3));
    List<String> types = List.of("m7i.large", "m6i.large");

    offerings.markUnavailable(List.of(new Offering("m7i.large", null, CapacityType.SPOT)));
    assertThat(offerings.exhausts(CapacityType.SPOT, types)).isFalse();
    offerings.markUnavailable(List.of(new Offering("m6i.large", null, CapacityType.SPOT),
        new Offering("m6i.large", "eu-west-1a", CapacityType.ON_DEMAND)));
    assertThat(offerings.exhausts(CapacityType.SPOT, types)).isTrue();
    assertThat(offerings.exhausts(CapacityType.ON_DEMAND, types)).isFalse();
    assertThat(offerings.current()).hasSize(3);

    clock.advance(Duration.ofMinutes(3));
    assertThat(offerings.current()).isEmpty();
    assertThat(offerings.exhausts(CapacityType.SPOT, types)).isFalse();
  }
}
