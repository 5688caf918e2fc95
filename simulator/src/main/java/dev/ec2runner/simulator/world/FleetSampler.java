package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples how many instances each pool has that are not on their way out (pending or running): the number a pool's
 * cap limits. Keeps the peak per pool name (whatever namespace the pool was applied in).
 */
public final class FleetSampler {

  private final FakeRunnerCloud cloud;
  private final Map<String, Integer> peaks = new TreeMap<>();

  public FleetSampler(FakeRunnerCloud cloud) {
    this.cloud = cloud;
  }

  public synchronized void sample() {
    Map<String, Integer> now = new HashMap<>();
    for (CloudInstance instance : cloud.allInstances()) {
      if (!instance.state().isGone()) {
        now.merge(instance.pool(), 1, Integer::sum);
      }
    }
    now.forEach((pool, count) -> peaks.merge(pool, count, Math::max));
  }

  /** The highest sampled count of the pool; 0 if it never had an instance. */
  public synchronized int peak(String pool) {
    return peaks.getOrDefault(pool, 0);
  }

  /** Peak per pool name. */
  public synchronized Map<String, Integer> peaks() {
    return Map.copyOf(peaks);
  }
}
