package dev.ec2runner.simulator.world;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated world's time, shared by every simulated service and the code under test. Stepped, it moves only when
 * the {@link WorldScheduler} advances it (deterministic tests); scaled, it runs {@code speed} times faster than the
 * real clock from the moment it was created (the sandbox, whole-world runs).
 */
public final class WorldClock extends Clock {

  private final Instant origin;
  private final double speed;
  private final long originNanos;
  private volatile Instant stepped;

  private WorldClock(Instant origin, double speed) {
    this.origin = origin;
    this.speed = speed;
    this.originNanos = System.nanoTime();
    this.stepped = origin;
  }

  /** Time that moves only through {@link #advanceTo}. */
  public static WorldClock stepped(Instant start) {
    return new WorldClock(start, 0);
  }

  /**
   * Time that flows {@code speed} times faster than real time (60: one simulated minute per real second).
   *
   * @throws IllegalArgumentException the speed is not positive
   */
  public static WorldClock scaled(Instant start, double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, was " + speed);
    }
    return new WorldClock(start, speed);
  }

  public boolean isStepped() {
    return speed == 0;
  }

  /** How many simulated seconds pass per real second; 0 when stepped. */
  public double speed() {
    return speed;
  }

  @Override
  public Instant instant() {
    if (speed == 0) {
      return stepped;
    }
    long simulatedNanos = (long) ((System.nanoTime() - originNanos) * speed);
    return origin.plusNanos(simulatedNanos);
  }

  /** Moves stepped time forward to {@code when}; never backwards. */
  void advanceTo(Instant when) {
    if (speed != 0) {
      throw new IllegalStateException("a scaled clock follows real time; it cannot be advanced");
    }
    synchronized (this) {
      if (when.isAfter(stepped)) {
        stepped = when;
      }
    }
  }

  /** The real time until the clock shows {@code when}; zero when it already does. Scaled clocks only. */
  Duration realTimeUntil(Instant when) {
    Duration simulated = Duration.between(instant(), when);
    if (simulated.isNegative() || simulated.isZero()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(simulated.toNanos() / speed));
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
