package dev.ec2runner.simulator.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SQS queue between the webhook and scale-up Lambdas: each message is invisible until its delay passed; a
 * received message is gone unless the receiver puts it back (a failure), and messages older than the retention are
 * dropped. Thread-safe: the webhook endpoint sends from HTTP threads.
 */
final class JobEventQueue {

  private record Message(QueuedEvent event, Instant visibleAt, long order) {
  }

  private final List<Message> messages = new ArrayList<>();
  private final Duration retention;
  private long order;
  private long expired;

  JobEventQueue(Duration retention) {
    this.retention = retention;
  }

  synchronized void send(QueuedEvent event, Instant visibleAt) {
    messages.add(new Message(event, visibleAt, order++));
  }

  /** Every message visible at {@code now}, oldest first, removed from the queue. */
  synchronized List<QueuedEvent> receiveVisible(Instant now) {
    int before = messages.size();
    messages.removeIf(m -> !m.event().firstSent().plus(retention).isAfter(now));
    expired += before - messages.size();
    List<Message> visible = messages.stream().filter(m -> !m.visibleAt().isAfter(now))
        .sorted(Comparator.comparingLong(Message::order)).toList();
    messages.removeAll(visible);
    return visible.stream().map(m -> m.event().received()).toList();
  }

  synchronized int size() {
    return messages.size();
  }

  /** Messages dropped because they outlived the retention. */
  synchronized long expired() {
    return expired;
  }
}
