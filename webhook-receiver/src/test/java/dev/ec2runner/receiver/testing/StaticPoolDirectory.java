package dev.ec2runner.receiver.testing;

import dev.ec2runner.api.matching.JobRequest;
import dev.ec2runner.api.matching.PoolMatcher;
import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.receiver.kube.PoolDirectory;
import dev.ec2runner.receiver.kube.ServingPool;
import java.util.List;
import java.util.Optional;

/** A fixed set of pools in one namespace, with a switch for "not synced yet". */
public final class StaticPoolDirectory implements PoolDirectory {

  private final String namespace;
  private final List<PoolOffer> offers;
  private volatile boolean synced = true;

  public StaticPoolDirectory(String namespace, List<PoolOffer> offers) {
    this.namespace = namespace;
    this.offers = List.copyOf(offers);
  }

  /** The pools of the test resource pools.yaml. */
  public static StaticPoolDirectory testPools(String namespace) {
    return new StaticPoolDirectory(namespace, TestPools.load().stream().map(PoolOffer::of).toList());
  }

  public void synced(boolean value) {
    synced = value;
  }

  @Override
  public Optional<ServingPool> poolFor(JobRequest job) {
    return PoolMatcher.bestPool(job, offers).map(offer -> new ServingPool(namespace, offer.name()));
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public Optional<String> notReadyReason() {
    return synced ? Optional.empty() : Optional.of("RunnerPool cache not synced");
  }
}
