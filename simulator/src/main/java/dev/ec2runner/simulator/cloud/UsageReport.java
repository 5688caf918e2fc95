package dev.ec2runner.simulator.cloud;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folds the cloud's instances into billed time per instance type and capacity type, for cost reports. */
public final class UsageReport {

  private UsageReport() {
  }

  public static List<InstanceUsage> of(FakeRunnerCloud cloud) {
    Map<String, Duration> billedPerInstance = cloud.billedPerInstance();
    Map<String, Duration> billed = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (CloudInstance instance : cloud.allInstances()) {
      String key = instance.instanceType() + "|" + instance.capacityType().wireName();
      billed.merge(key, billedPerInstance.getOrDefault(instance.instanceId(), Duration.ZERO), Duration::plus);
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
