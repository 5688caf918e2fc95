package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.Offering;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;

/**
 * A CreateFleet request and what its overrides stand for.
 *
 * @param offerings one per override, in request order
 * @param zoneBySubnet the zone of each subnet the overrides use
 */
record FleetPlan(CreateFleetRequest request, CapacityType capacityType, List<Offering> offerings,
    Map<String, String> zoneBySubnet) {
}
