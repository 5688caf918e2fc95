package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.InstanceArchitecture;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.bootstrap.BootstrapSettings;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Resolves a pool's launch settings (AMI, subnets, security groups, runner archive, user data) into an
 * operator-managed launch template. Lookups are cached for the resolution TTL, so a steady stream of launches
 * costs one CreateFleet each.
 */
final class LaunchPreparer {

  private static final Map<String, String> EC2_ARCHITECTURE = Map.of("x64", "x86_64", "arm64", "arm64");

  private final AwsClientFactory clients;
  private final RunnerDownloads downloads;
  private final UserDataRenderer renderer;
  private final LaunchTemplates templates;
  private final InstallationId installation;
  private final AmiResolver amis = new AmiResolver();
  private final NetworkResolver network = new NetworkResolver();
  private final TtlCache<List<Object>, ResolvedImage> imageCache;
  private final TtlCache<List<Object>, List<ResolvedSubnet>> subnetCache;
  private final TtlCache<List<Object>, List<String>> groupCache;

  LaunchPreparer(AwsClientFactory clients, RunnerDownloads downloads, UserDataRenderer renderer,
      LaunchTemplates templates, Clock clock, Ec2CloudSettings settings) {
    this.clients = clients;
    this.downloads = downloads;
    this.renderer = renderer;
    this.templates = templates;
    this.installation = settings.installation();
    this.imageCache = new TtlCache<>(clock, settings.resolutionTtl());
    this.subnetCache = new TtlCache<>(clock, settings.resolutionTtl());
    this.groupCache = new TtlCache<>(clock, settings.resolutionTtl());
  }

  PreparedLaunch prepare(LaunchRequest request) throws CloudException {
    RunnerPoolSpec spec = request.poolSpec();
    Ec2Settings ec2 = spec.getEc2();
    RegionClients region = clients.forRegion(ec2.getRegion());
    AmiSelector ami = InstanceArchitecture.imageOf(spec);
    ResolvedImage image = imageCache.get(List.of(region.region(), String.valueOf(ami)),
        key -> amis.resolve(region, ami));
    checkArchitecture(spec, image);
    List<ResolvedSubnet> subnets = subnetCache.get(List.of(region.region(), String.valueOf(ec2.getSubnets())),
        key -> network.subnets(region, ec2.getSubnets()));
    List<String> groups = groupCache.get(List.of(region.region(), String.valueOf(ec2.getSecurityGroups())),
        key -> network.securityGroups(region, ec2.getSecurityGroups()));
    RunnerDownload download = downloads.find(request.namespace(), request.pool(), spec);
    String userData;
    try {
      userData = renderer.renderUserDataBase64(
          BootstrapSettings.forPool(installation.value(), request.namespace(), request.pool(), spec, download));
    } catch (IllegalArgumentException e) {
      throw new CloudException.InvalidConfiguration(e.getMessage());
    }
    LaunchTemplateContent content = LaunchTemplateContent.of(ec2, image, groups, userData);
    String name = templates.ensure(region, new PoolRef(request.namespace(), request.pool()), content);
    return new PreparedLaunch(region, name, subnets);
  }

  /** Drops cached lookups, e.g. after EC2 rejected a launch for a resource that may have changed. */
  void invalidate() {
    imageCache.invalidateAll();
    subnetCache.invalidateAll();
    groupCache.invalidateAll();
  }

  private static void checkArchitecture(RunnerPoolSpec spec, ResolvedImage image) throws CloudException {
    String wanted = InstanceArchitecture.ofPool(spec);
    String ec2Architecture = EC2_ARCHITECTURE.get(wanted);
    if (image.architecture() != null && ec2Architecture != null && !ec2Architecture.equals(image.architecture())) {
      throw new CloudException.InvalidConfiguration("AMI " + image.imageId() + " is " + image.architecture()
          + " but spec.runner.architecture is " + wanted + " (check spec.ec2.ami)");
    }
  }
}
