package dev.ec2runner.operator.recovery;

import dev.ec2runner.operator.github.WebhookDelivery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which failed webhook events were already redelivered, by GUID: each failed attempt is redelivered once, and an
 * event at most {@code maxRedeliveries} times (a receiver that keeps refusing it will not accept it later either).
 * Remembers the most recently touched {@code capacity} events and forgets older ones. Not thread-safe.
 */
final class RedeliveryLedger {

  /** What became of a failed delivery. */
  enum Decision { REDELIVER, ALREADY_REDELIVERED, ABANDON, ABANDONED }

  private record Entry(long lastRedeliveredAttempt, int redeliveries, boolean abandoned) {
  }

  private final int maxRedeliveries;
  private final Map<String, Entry> events;

  RedeliveryLedger(int maxRedeliveries, int capacity) {
    this.maxRedeliveries = maxRedeliveries;
    this.events = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** What to do with the event's latest failed attempt; {@link Decision#ABANDON} is returned once per event. */
  Decision decide(WebhookDelivery latestFailedAttempt) {
    Entry entry = events.get(latestFailedAttempt.guid());
    if (entry == null) {
      return Decision.REDELIVER;
    }
    if (entry.abandoned()) {
      return Decision.ABANDONED;
    }
    if (entry.lastRedeliveredAttempt() == latestFailedAttempt.id()) {
      return Decision.ALREADY_REDELIVERED;
    }
    if (entry.redeliveries() >= maxRedeliveries) {
      events.put(latestFailedAttempt.guid(), new Entry(entry.lastRedeliveredAttempt(), entry.redeliveries(), true));
      return Decision.ABANDON;
    }
    return Decision.REDELIVER;
  }

  void redelivered(WebhookDelivery attempt) {
    Entry entry = events.get(attempt.guid());
    events.put(attempt.guid(), new Entry(attempt.id(), entry == null ? 1 : entry.redeliveries() + 1, false));
  }

  int size() {
    return events.size();
  }
}
