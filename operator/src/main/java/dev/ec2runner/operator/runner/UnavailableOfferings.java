package dev.ec2runner.operator.runner;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.Offering;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Offerings (instance type, zone, capacity type) that just ran out of capacity, remembered for a few minutes so
 * launches skip them and {@code spot-with-fallback} moves to on-demand, as Karpenter does.
 */
public final class UnavailableOfferings {

  private final Clock clock;
  private final Duration ttl;
  private final Map<Offering, Instant> until = new ConcurrentHashMap<>();

  public UnavailableOfferings(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  public void markUnavailable(Collection<Offering> offerings) {
    Instant expiry = clock.instant().plus(ttl);
    offerings.forEach(o -> until.put(o, expiry));
  }

  /** The offerings unavailable now. */
  public Set<Offering> current() {
    Instant now = clock.instant();
    until.values().removeIf(expiry -> !expiry.isAfter(now));
    return until.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether every instance type is out of the capacity type in every zone (an error that named no zone), so trying
   * it would only fail again.
   */
  public boolean exhausts(CapacityType capacityType, List<String> instanceTypes) {
    Set<Offering> now = current();
    return !instanceTypes.isEmpty() && instanceTypes.stream()
        .allMatch(type -> now.contains(new Offering(type, null, capacityType)));
  }
}
