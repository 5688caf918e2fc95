package dev.ec2runner.simulator.world;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulated world's timed work (agent ticks, job arrivals, faults, baseline Lambdas) in time order on one
 * thread at a time. On a stepped clock the caller drives it with {@link #runUntil}; on a scaled clock
 * {@link #start()} runs a thread that sleeps until each task is due. A failing task is logged and counted, never
 * allowed to stop the world.
 */
public final class WorldScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorldScheduler.class);
  private static final int KEPT_FAILURES = 20;

  /** A scheduled task; {@link #cancel()} stops it (and a periodic one's future runs). */
  public static final class Task {
    private final String name;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private Task(String name) {
      this.name = name;
    }

    public void cancel() {
      cancelled.set(true);
    }

    public String name() {
      return name;
    }
  }

  private record Entry(Instant at, long sequence, Task task, Runnable work) {
  }

  private final WorldClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
      ? Long.compare(a.sequence(), b.sequence()) : a.at().compareTo(b.at()));
  private final List<String> failures = new ArrayList<>();
  private long sequence;
  private long failureCount;
  private volatile Runnable settle = () -> { };
  private Thread driver;
  private volatile boolean closed;

  public WorldScheduler(WorldClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public WorldClock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Runs the work once at {@code at} (at once if that has passed). */
  public Task at(Instant at, String name, Runnable work) {
    Task task = new Task(name);
    enqueue(at, task, work);
    return task;
  }

  public Task after(Duration delay, String name, Runnable work) {
    return at(now().plus(delay), name, work);
  }

  /** Runs the work every {@code period}, first one period from now; runs missed while late are skipped. */
  public Task every(Duration period, String name, Runnable work) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    Task task = new Task(name);
    Instant first = now().plus(period);
    enqueue(first, task, periodic(task, first, period, work));
    return task;
  }

  /**
   * Work to do before stepped time moves to the next task, such as waiting until webhooks in flight have been
   * delivered, so that a stepped run sees asynchronous effects in a repeatable order.
   */
  public void settleWith(Runnable settleWork) {
    this.settle = Objects.requireNonNull(settleWork, "settleWork");
  }

  /** Stepped clocks: runs every task due up to {@code target} in time order, moving the clock to each. */
  public void runUntil(Instant target) {
    if (!clock.isStepped()) {
      throw new IllegalStateException("runUntil drives a stepped clock; a scaled clock runs with start()");
    }
    while (!closed) {
      settle.run();
      Entry next = pollIfDue(target);
      if (next == null) {
        break;
      }
      clock.advanceTo(next.at());
      run(next);
    }
    clock.advanceTo(target);
  }

  public void advance(Duration duration) {
    runUntil(now().plus(duration));
  }

  /** Scaled clocks: starts the thread that runs each task when the clock reaches it. */
  public synchronized void start() {
    if (clock.isStepped()) {
      throw new IllegalStateException("a stepped clock is driven by runUntil, not by a thread");
    }
    if (driver != null) {
      return;
    }
    driver = new Thread(this::drive, "simulated-world");
    driver.setDaemon(true);
    driver.start();
  }

  /** Tasks that threw, as {@code name: exception}, the first few of them. */
  public List<String> failures() {
    lock.lock();
    try {
      return List.copyOf(failures);
    } finally {
      lock.unlock();
    }
  }

  public long failureCount() {
    lock.lock();
    try {
      return failureCount;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    Thread thread;
    synchronized (this) {
      thread = driver;
    }
    if (thread != null && thread != Thread.currentThread()) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drive() {
    while (!closed) {
      Entry next;
      lock.lock();
      try {
        Entry head = queue.peek();
        if (head == null) {
          changed.await();
          continue;
        }
        Duration wait = clock.realTimeUntil(head.at());
        if (!wait.isZero()) {
          changed.awaitNanos(wait.toNanos());
          continue;
        }
        next = queue.poll();
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      run(next);
    }
  }

  private Runnable periodic(Task task, Instant first, Duration period, Runnable work) {
    return new Runnable() {
      private Instant due = first;

      @Override
      public void run() {
        try {
          work.run();
        } finally {
          Instant current = now();
          do {
            due = due.plus(period);
          } while (!due.isAfter(current));
          enqueue(due, task, this);
        }
      }
    };
  }

  private void enqueue(Instant at, Task task, Runnable work) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      queue.add(new Entry(at, sequence++, task, work));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Entry pollIfDue(Instant target) {
    lock.lock();
    try {
      Entry head = queue.peek();
      return head != null && !head.at().isAfter(target) ? queue.poll() : null;
    } finally {
      lock.unlock();
    }
  }

  private void run(Entry entry) {
    if (entry.task().cancelled.get()) {
      return;
    }
    try {
      entry.work().run();
    } catch (RuntimeException | AssertionError e) {
      LOG.warn("simulated task '{}' failed", entry.task().name(), e);
      lock.lock();
      try {
        failureCount++;
        if (failures.size() < KEPT_FAILURES) {
          failures.add(entry.task().name() + ": " + e);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
