package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.operator.cloud.CloudException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** Resolves subnet and security group selectors (ids or tags) to ids, one Describe call per selector kind. */
final class NetworkResolver {

  /** Subnets in selector order, without duplicates; ids are described once, together, to learn their zones. */
  List<ResolvedSubnet> subnets(RegionClients clients, List<ResourceSelector> selectors) throws CloudException {
    if (selectors == null || selectors.isEmpty()) {
      throw new CloudException.InvalidConfiguration("spec.ec2.subnets is empty");
    }
    Map<String, ResolvedSubnet> byId = new LinkedHashMap<>();
    Map<String, ResolvedSubnet> resolved = new LinkedHashMap<>();
    List<String> ids = selectors.stream().map(ResourceSelector::getId).filter(id -> id != null).toList();
    try {
      if (!ids.isEmpty()) {
        for (Subnet subnet : clients.ec2().describeSubnetsPaginator(r -> r.subnetIds(ids)).subnets()) {
          byId.put(subnet.subnetId(), new ResolvedSubnet(subnet.subnetId(), subnet.availabilityZone()));
        }
      }
      for (ResourceSelector selector : selectors) {
        if (selector.getId() != null) {
          ResolvedSubnet subnet = byId.get(selector.getId());
          if (subnet == null) {
            throw new CloudException.InvalidConfiguration("subnet " + selector.getId() + " does not exist in "
                + clients.region() + " (check spec.ec2.subnets)");
          }
          resolved.putIfAbsent(subnet.subnetId(), subnet);
          continue;
        }
        List<Subnet> matches = new ArrayList<>();
        clients.ec2().describeSubnetsPaginator(r -> r.filters(tagFilters(selector.getTags()))).subnets()
            .forEach(matches::add);
        if (matches.isEmpty()) {
          throw new CloudException.InvalidConfiguration("no subnet in " + clients.region() + " carries the tags "
              + selector.getTags() + " (check spec.ec2.subnets)");
        }
        matches.forEach(s -> resolved.putIfAbsent(s.subnetId(), new ResolvedSubnet(s.subnetId(),
            s.availabilityZone())));
      }
    } catch (SdkException e) {
      if (AwsErrors.code(e) != null && AwsErrors.code(e).startsWith("InvalidSubnetID")) {
        throw new CloudException.InvalidConfiguration("a subnet of " + ids + " does not exist in "
            + clients.region() + " (check spec.ec2.subnets)");
      }
      throw AwsErrors.translate("ec2:DescribeSubnets", e);
    }
    return List.copyOf(resolved.values());
  }

  /** Security group ids; ids pass through, tag selectors are described. Empty means the VPC's default group. */
  List<String> securityGroups(RegionClients clients, List<ResourceSelector> selectors) throws CloudException {
    List<String> ids = new ArrayList<>();
    if (selectors == null) {
      return ids;
    }
    for (ResourceSelector selector : selectors) {
      if (selector.getId() != null) {
        addOnce(ids, selector.getId());
        continue;
      }
      List<SecurityGroup> matches = new ArrayList<>();
      try {
        clients.ec2().describeSecurityGroupsPaginator(r -> r.filters(tagFilters(selector.getTags())))
            .securityGroups().forEach(matches::add);
      } catch (SdkException e) {
        throw AwsErrors.translate("ec2:DescribeSecurityGroups", e);
      }
      if (matches.isEmpty()) {
        throw new CloudException.InvalidConfiguration("no security group in " + clients.region()
            + " carries the tags " + selector.getTags() + " (check spec.ec2.securityGroups)");
      }
      matches.forEach(group -> addOnce(ids, group.groupId()));
    }
    return ids;
  }

  /** {@code tag:K=V} filters; a value of {@code *} only asks for the key. */
  static List<Filter> tagFilters(Map<String, String> tags) {
    List<Filter> filters = new ArrayList<>();
    tags.forEach((key, value) -> filters.add("*".equals(value)
        ? Filter.builder().name("tag-key").values(key).build()
        : Filter.builder().name("tag:" + key).values(value).build()));
    return filters;
  }

  private static void addOnce(List<String> ids, String id) {
    if (!ids.contains(id)) {
      ids.add(id);
    }
  }
}
