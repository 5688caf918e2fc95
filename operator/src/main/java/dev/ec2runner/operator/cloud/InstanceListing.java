package dev.ec2runner.operator.cloud;

import java.util.List;
import java.util.Set;

/**
 * One listing of managed instances, region by region.
 *
 * @param instances as {@link RunnerCloud#listInstances()} describes them, of the listed regions only
 * @param regions the regions listed now; a region whose listing failed is missing, and readers keep what they knew
 *     of it rather than taking its instances for gone
 */
public record InstanceListing(List<CloudInstance> instances, Set<String> regions) {

  public InstanceListing {
    instances = List.copyOf(instances);
    regions = Set.copyOf(regions);
  }
}
