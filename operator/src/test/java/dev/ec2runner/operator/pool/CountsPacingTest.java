package dev.ec2runner.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CountsPacingTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final CountsPacing pacing = new CountsPacing(Duration.ofSeconds(1), nanos::get);

  @Test
  void countsAreWrittenAtOnceThenAtMostOncePerInterval() {
    assertThat(pacing.holdBack("pool-a")).isZero();
    pacing.written("pool-a");

    nanos.addAndGet(Duration.ofMillis(300).toNanos());
    assertThat(pacing.holdBack("pool-a")).isEqualTo(Duration.ofMillis(700));
    assertThat(pacing.holdBack("pool-b")).as("each pool has its own pace").isZero();

    nanos.addAndGet(Duration.ofMillis(700).toNanos());
    assertThat(pacing.holdBack("pool-a")).isZero();
  }

  @Test
  void aForgottenPoolStartsAfresh() {
    pacing.written("pool-a");
    pacing.forget("pool-a");

    assertThat(pacing.holdBack("pool-a")).isZero();
  }
}
