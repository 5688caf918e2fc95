package dev.ec2runner.simulator.world;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The scheduler's pending work in time order (ties in the order added); thread-safe, and wakes a waiting driver. */
final class TaskQueue {

  /** One pending run of some work. */
  record Entry(Instant at, long sequence, WorldScheduler.Task task, Runnable work) {
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
      ? Long.compare(a.sequence(), b.sequence()) : a.at().compareTo(b.at()));
  private long sequence;
  private boolean closed;

  void add(Instant at, WorldScheduler.Task task, Runnable work) {
    lock.lock();
    try {
      if (!closed) {
        queue.add(new Entry(at, sequence++, task, work));
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The earliest entry if it is due at {@code target}, removed; null otherwise. */
  Entry pollDue(Instant target) {
    lock.lock();
    try {
      Entry head = queue.peek();
      return head != null && !head.at().isAfter(target) ? queue.poll() : null;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the earliest entry is due on the (scaled) clock and removes it; null once closed. */
  Entry awaitDue(WorldClock clock) throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        Entry head = queue.peek();
        if (head == null) {
          changed.await();
          continue;
        }
        Duration wait = clock.realTimeUntil(head.at());
        if (wait.isZero()) {
          return queue.poll();
        }
        changed.awaitNanos(wait.toNanos());
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything and refuses new entries. */
  void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
