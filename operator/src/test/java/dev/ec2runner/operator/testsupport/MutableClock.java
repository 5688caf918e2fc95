package dev.ec2runner.operator.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand: stepped (it never moves by itself) or real-time (it follows the system clock, as
 * a world on moto needs, whose launch times are real), and moving it by hand shifts it ahead of that.
 */
public final class MutableClock extends Clock {

  private final Clock base;
  private final AtomicReference<Duration> moved = new AtomicReference<>(Duration.ZERO);

  /** A stepped clock at {@code start}. */
  public MutableClock(Instant start) {
    this(Clock.fixed(start, ZoneOffset.UTC));
  }

  private MutableClock(Clock base) {
    this.base = base;
  }

  /** A clock at the present that goes on with real time. */
  public static MutableClock realTime() {
    return new MutableClock(Clock.systemUTC());
  }

  public void advance(Duration duration) {
    moved.updateAndGet(d -> d.plus(duration));
  }

  public void set(Instant instant) {
    moved.set(Duration.between(base.instant(), instant));
  }

  @Override
  public Instant instant() {
    return base.instant().plus(moved.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
