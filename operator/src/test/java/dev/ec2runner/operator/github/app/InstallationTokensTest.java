package dev.ec2runner.operator.github.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.Sensitive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstallationTokensTest {

  private Instant now = Instant.parse("2025-01-01T00:00:00Z");
  private final AtomicInteger issued = new AtomicInteger();
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final InstallationTokens tokens = new InstallationTokens(() -> new InstallationTokens.IssuedToken(
      Sensitive.of("ghs_" + issued.incrementAndGet()), now.plus(Duration.ofHours(1))), clock);

  @Test
  void reusesTheTokenUntilShortlyBeforeExpiry() throws Exception {
    assertThat(tokens.authorization().reveal()).isEqualTo("Bearer ghs_1");
    now = now.plus(Duration.ofMinutes(54));
    assertThat(tokens.authorization().reveal()).isEqualTo("Bearer ghs_1");
    now = now.plus(Duration.ofMinutes(1));
    assertThat(tokens.authorization().reveal()).isEqualTo("Bearer ghs_2");
    assertThat(issued).hasValue(2);
  }

  @Test
  void skewedClocksNeverMeanATokenPerCall() {
    assertThat(InstallationTokens.refreshAt(now, now.plus(Duration.ofMinutes(4))))
        .isEqualTo(now.plus(Duration.ofMinutes(2)));
    assertThat(InstallationTokens.refreshAt(now, now.minus(Duration.ofMinutes(30))))
        .isEqualTo(now.plus(Duration.ofMinutes(1)));
    assertThat(InstallationTokens.refreshAt(now, now.plus(Duration.ofHours(1))))
        .isEqualTo(now.plus(Duration.ofMinutes(55)));
  }

  @Test
  void invalidateForcesANewToken() throws Exception {
    tokens.authorization();
    tokens.invalidate();

    assertThat(tokens.authorization().reveal()).isEqualTo("Bearer ghs_2");
  }

  @Test
  void headerValueIsRedactedWhenPrinted() throws Exception {
    assertThat(tokens.authorization().toString()).doesNotContain("ghs_");
  }
}
