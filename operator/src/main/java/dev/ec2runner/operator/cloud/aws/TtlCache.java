package dev.ec2runner.operator.cloud.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small map whose entries expire, so lookups that rarely change (AMI ids, subnets) cost one AWS call per TTL
 * instead of one per launch, yet pick up changes (a new AMI behind an SSM alias) within the TTL.
 */
final class TtlCache<K, V> {

  /** A loader that may fail with a checked exception. */
  @FunctionalInterface
  interface Loader<K, V, E extends Exception> {
    V load(K key) throws E;
  }

  private record Entry<V>(V value, Instant expires) {
  }

  private final Clock clock;
  private final Duration ttl;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  TtlCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The cached value, or a freshly loaded one. Concurrent misses may both load; the last one wins, harmlessly. */
  <E extends Exception> V get(K key, Loader<K, V, E> loader) throws E {
    Instant now = clock.instant();
    Entry<V> entry = entries.get(key);
    if (entry != null && now.isBefore(entry.expires())) {
      return entry.value();
    }
    V value = loader.load(key);
    entries.put(key, new Entry<>(value, now.plus(ttl)));
    return value;
  }

  void invalidateAll() {
    entries.clear();
  }
}
