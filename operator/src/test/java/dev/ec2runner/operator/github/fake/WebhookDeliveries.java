package dev.ec2runner.operator.github.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The App webhook's delivery log, newest first as GitHub lists it; thread-safe. */
public final class WebhookDeliveries {

  private final List<SimulatedDelivery> deliveries = new ArrayList<>();
  private long nextId = 1;

  public synchronized long nextId() {
    return nextId++;
  }

  /** Records an attempt; ids given from outside (a test's) are skipped by the next ones handed out. */
  public synchronized void record(SimulatedDelivery delivery) {
    deliveries.add(delivery);
    nextId = Math.max(nextId, delivery.id() + 1);
  }

  public synchronized Optional<SimulatedDelivery> find(long id) {
    return deliveries.stream().filter(d -> d.id() == id).findFirst();
  }

  /** Deliveries of one App matching the filter, newest (highest id) first. */
  public synchronized List<SimulatedDelivery> newestFirst(long appId, Predicate<SimulatedDelivery> filter) {
    return deliveries.stream().filter(d -> d.appId() == appId).filter(filter)
        .sorted(Comparator.comparingLong(SimulatedDelivery::id).reversed()).toList();
  }

  public synchronized List<SimulatedDelivery> all() {
    return new ArrayList<>(deliveries);
  }

  public synchronized void clear() {
    deliveries.clear();
  }
}
