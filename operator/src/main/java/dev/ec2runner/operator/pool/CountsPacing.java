package dev.ec2runner.operator.pool;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Paces the status writes of a pool that change nothing but its counts: at most one per interval, the counts of the
 * moment written once it has passed. A busy pool's counts change with every job (a Runner created, launched, busy,
 * gone), and a status write for each cost a few API writes per job; changes of conditions, generation or scope
 * are not paced. Measured in the process's own time (not the operator's clock), so a frozen or compressed clock
 * neither holds counts back for ever nor paces them differently.
 */
final class CountsPacing {

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lastWrite = new ConcurrentHashMap<>();

  CountsPacing(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** How long a counts-only write of the pool must wait; zero when it may go now. */
  Duration holdBack(String poolUid) {
    Long last = lastWrite.get(poolUid);
    if (last == null) {
      return Duration.ZERO;
    }
    long elapsed = nanoTime.getAsLong() - last;
    return elapsed >= intervalNanos ? Duration.ZERO : Duration.ofNanos(intervalNanos - elapsed);
  }

  void written(String poolUid) {
    lastWrite.put(poolUid, nanoTime.getAsLong());
  }

  void forget(String poolUid) {
    lastWrite.remove(poolUid);
  }
}
