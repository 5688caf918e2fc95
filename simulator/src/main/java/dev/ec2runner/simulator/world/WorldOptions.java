package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.bootstrap.fake.AgentSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * How a {@link SimulatedWorld} runs.
 *
 * @param speed simulated seconds per real second; 0 for a stepped world that moves only when told
 * @param start the simulated time the world starts at
 * @param fleetSampleInterval how often the peak runner count per pool is sampled
 */
public record WorldOptions(double speed, Instant start, AgentSettings agents, Duration fleetSampleInterval) {

  public WorldOptions {
    if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be 0 (stepped) or positive, was " + speed);
    }
  }

  /** A stepped world (deterministic: time moves only through {@link SimulatedWorld#advance}). */
  public static WorldOptions stepped() {
    return new WorldOptions(0, Instant.parse("2025-01-06T09:00:00Z"), AgentSettings.defaults(), Duration.ofSeconds(1));
  }

  /** A world whose time runs {@code speed} times faster than real time, from now. */
  public static WorldOptions realTime(double speed) {
    if (speed <= 0) {
      throw new IllegalArgumentException("a real-time world needs a positive speed, was " + speed);
    }
    return new WorldOptions(speed, Instant.now(), AgentSettings.defaults(), Duration.ofSeconds(1));
  }

  public WorldOptions withAgents(AgentSettings settings) {
    return new WorldOptions(speed, start, settings, fleetSampleInterval);
  }
}
