package dev.ec2runner.simulator.world;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

  private final WorldClock clock;
  private final TaskQueue queue = new TaskQueue();
  private final List<String> failures = new ArrayList<>();
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
    queue.add(at, task, work);
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
    queue.add(first, task, periodic(task, first, period, work));
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
      TaskQueue.Entry next = queue.pollDue(target);
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
  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  public synchronized long failureCount() {
    return failureCount;
  }

  @Override
  public void close() {
    closed = true;
    queue.close();
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
    try {
      TaskQueue.Entry next;
      while (!closed && (next = queue.awaitDue(clock)) != null) {
        run(next);
      }
    } catch (InterruptedException e) {
      // closed
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
          queue.add(due, task, this);
        }
      }
    };
  }

  private void run(TaskQueue.Entry entry) {
    if (entry.task().cancelled.get()) {
      return;
    }
    try {
      entry.work().run();
    } catch (RuntimeException | AssertionError e) {
      LOG.warn("simulated task '{}' failed", entry.task().name(), e);
      synchronized (this) {
        failureCount++;
        if (failures.size() < KEPT_FAILURES) {
          failures.add(entry.task().name() + ": " + e);
        }
      }
    }
  }
}
