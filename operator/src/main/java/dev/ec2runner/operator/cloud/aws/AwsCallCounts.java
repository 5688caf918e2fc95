package dev.ec2runner.operator.cloud.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe tally of AWS requests by {@code service:Action}, e.g. {@code ec2:CreateFleet}. */
public final class AwsCallCounts implements AwsCallListener {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void onCall(String service, String action) {
    counts.computeIfAbsent(service + ":" + action, key -> new LongAdder()).increment();
  }

  /** The counts so far, sorted by {@code service:Action}. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, adder) -> copy.put(key, adder.sum()));
    return copy;
  }

  public long count(String serviceAction) {
    LongAdder adder = counts.get(serviceAction);
    return adder == null ? 0 : adder.sum();
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public void reset() {
    counts.clear();
  }
}
