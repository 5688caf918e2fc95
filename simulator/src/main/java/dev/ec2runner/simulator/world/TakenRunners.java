package dev.ec2runner.simulator.world;

import dev.ec2runner.api.matching.JobRequest;
import dev.ec2runner.api.matching.PoolMatcher;
import dev.ec2runner.api.matching.PoolOffer;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts, per pool, its runners that ran a job routed to another pool of the same namespace: GitHub gives a queued
 * job to any idle runner with the job's labels, so pools whose labels overlap take each other's jobs.
 */
final class TakenRunners {

  /** A pool and the namespace it lives in; jobs are routed among the pools of one namespace. */
  record PlacedPool(String namespace, PoolOffer offer) {
  }

  private TakenRunners() {
  }

  /**
   * @param enterprise the enterprise every organization of the world belongs to, or null
   * @return by pool name, how many of its runners ran another pool's job (pools with none are absent)
   */
  static Map<String, Integer> count(List<JobOutcome> outcomes, Collection<InstanceRecord> instances,
      List<PlacedPool> pools, String enterprise) {
    Map<String, InstanceRecord> byInstance = new HashMap<>();
    instances.forEach(instance -> byInstance.put(instance.instanceId(), instance));
    Map<String, Integer> taken = new HashMap<>();
    for (JobOutcome outcome : outcomes) {
      InstanceRecord ran = outcome.instanceId() == null ? null : byInstance.get(outcome.instanceId());
      if (ran == null || ran.pool() == null) {
        continue;
      }
      String owner = outcome.repository().substring(0, outcome.repository().indexOf('/'));
      JobRequest job = new JobRequest(outcome.repository(), owner, enterprise, outcome.labels(), false);
      // The scenario may leave a pool's namespace out (it then lands in default, or in the sandbox's namespace).
      String namespace = pools.stream().filter(p -> p.offer().name().equals(ran.pool()))
          .min(Comparator.comparing(p -> Objects.equals(p.namespace(), ran.namespace()) ? 0 : 1))
          .map(PlacedPool::namespace).orElse(ran.namespace());
      List<PoolOffer> here = pools.stream().filter(p -> Objects.equals(p.namespace(), namespace))
          .map(PlacedPool::offer).toList();
      PoolMatcher.bestPool(job, here).map(PoolOffer::name)
          .filter(routedTo -> !routedTo.equals(ran.pool()))
          .ifPresent(routedTo -> taken.merge(ran.pool(), 1, Integer::sum));
    }
    return taken;
  }
}
