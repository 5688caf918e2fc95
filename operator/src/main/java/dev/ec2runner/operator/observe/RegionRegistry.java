package dev.ec2runner.operator.observe;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regions observation lists: each pool's spec.ec2.region and each Runner's recorded region, registered by the
 * reconcilers under the resource's UID. A restarted process launched nothing yet, so only these tell it where its
 * instances run; a Runner keeps its region listed after its pool moved elsewhere or was deleted.
 */
public final class RegionRegistry {

  private final Map<String, String> regionByOwner = new ConcurrentHashMap<>();

  /** Records that the resource with this UID needs the region listed; null regions are ignored. */
  public void use(String ownerUid, String region) {
    if (region != null && !region.isBlank()) {
      regionByOwner.put(ownerUid, region);
    }
  }

  public void release(String ownerUid) {
    regionByOwner.remove(ownerUid);
  }

  public Set<String> regions() {
    return Set.copyOf(regionByOwner.values());
  }
}
