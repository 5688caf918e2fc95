package dev.ec2runner.simulator.cloud;

import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folds instances into billed time per instance type and capacity type. */
final class UsageReport {

  private UsageReport() {
  }

  static List<InstanceUsage> of(Collection<SimulatedInstance> instances, Instant now,
      SimulatedCloudSettings settings) {
    Map<String, Duration> billed = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (SimulatedInstance instance : instances) {
      String key = instance.instanceType + "|" + instance.capacityType.wireName();
      billed.merge(key, instance.billed(now, settings), Duration::plus);
      counts.merge(key, 1, Integer::sum);
    }
    List<InstanceUsage> usage = new ArrayList<>();
    billed.forEach((key, duration) -> {
      String[] parts = key.split("\\|");
      usage.add(new InstanceUsage(parts[0], CapacityType.fromWireName(parts[1]), duration, counts.get(key)));
    });
    return usage;
  }
}
