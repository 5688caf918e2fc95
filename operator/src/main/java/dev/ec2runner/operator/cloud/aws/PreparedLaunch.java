package dev.ec2runner.operator.cloud.aws;

import java.util.List;

/** What a pool's launches need from AWS besides the fleet call: its region's clients, template and subnets. */
record PreparedLaunch(RegionClients clients, String templateName, List<ResolvedSubnet> subnets) {
}
