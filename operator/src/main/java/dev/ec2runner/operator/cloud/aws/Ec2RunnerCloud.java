package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.InstanceListing;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * {@link RunnerCloud} on AWS: instant CreateFleet launches from operator-managed launch templates, one paginated
 * DescribeInstances per region for observation, SSM SecureStrings for the JIT configuration hand-off. The regions
 * are the SDK's default one, those the observation asks for (the pools' and Runners') and those launched in.
 */
public final class Ec2RunnerCloud implements RunnerCloud {

  private static final Logger LOG = LoggerFactory.getLogger(Ec2RunnerCloud.class);

  private static final Set<String> TEMPLATE_MISSING = Set.of("InvalidLaunchTemplateName.NotFoundException",
      "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateId.VersionNotFound");
  private static final List<String> LIVE_STATES = List.of("pending", "running", "shutting-down", "stopping",
      "stopped");
  /** The state reasons with which EC2 itself ends an instance (EC2 API reference, StateReason). */
  private static final List<String> RECLAIMED_REASONS = List.of("Server.SpotInstanceTermination",
      "Server.SpotInstanceShutdown", "Server.InternalError", "Server.InsufficientInstanceCapacity",
      "Server.ScheduledStop");

  private final AwsClientFactory clients;
  private final Ec2CloudSettings settings;
  private final LaunchTemplates templates;
  private final LaunchPreparer preparer;
  private final FleetLauncher launcher;
  private final InstanceOwnership ownership;
  private final Set<String> regions = ConcurrentHashMap.newKeySet();
  /** Region of each instance seen, so SSM and termination calls go to the right one. */
  private final Map<String, String> regionByInstance = new ConcurrentHashMap<>();

  public Ec2RunnerCloud(AwsClientFactory clients, RunnerDownloads downloads, UserDataRenderer renderer, Clock clock,
      Ec2CloudSettings settings) {
    this.clients = clients;
    this.settings = settings;
    this.templates = new LaunchTemplates(clock, settings.installation());
    this.ownership = new InstanceOwnership(settings.installation());
    this.launcher = new FleetLauncher(settings.installation(), ownership);
    this.preparer = new LaunchPreparer(clients,
        new MirroredRunnerDownloads(clients, downloads, clock, settings.resolutionTtl()), renderer, templates, clock,
        settings);
    regions.add(clients.defaultRegion());
    regions.addAll(settings.extraRegions());
  }

  @Override
  public LaunchedInstance launch(LaunchRequest request) throws CloudException {
    request.requireLaunchable();
    try {
      return launchInRegion(request);
    } catch (CloudException e) {
      throw unknownRegion(request.poolSpec().getEc2().getRegion(), e);
    }
  }

  /**
   * A region the SDK does not know whose endpoint did not answer is a typo in the spec, not an outage: say so, and
   * let the launch back off as for any configuration error. A region too new for the SDK still works when it
   * answers, so nothing is rejected up front.
   */
  static CloudException unknownRegion(String region, CloudException error) {
    if (region == null || error.getClass() != CloudException.class
        || Region.regions().contains(Region.of(region))) {
      return error;
    }
    return new CloudException.InvalidConfiguration("'" + region + "' is not an AWS region (check spec.ec2.region): "
        + error.getMessage());
  }

  private LaunchedInstance launchInRegion(LaunchRequest request) throws CloudException {
    PreparedLaunch prepared = preparer.prepare(request);
    regions.add(prepared.clients().region());
    LaunchedInstance launched;
    try {
      launched = launcher.launch(prepared, request);
    } catch (FleetLauncher.TemplateMissing e) {
      // Deleted outside the operator: forget it, recreate it and try once more.
      templates.forget(prepared.clients().region(), prepared.templateName());
      preparer.invalidate();
      launched = launchAgain(request);
    } catch (CloudException.InvalidConfiguration e) {
      // The subnet, group or image may have changed behind the cached lookups: look again next time.
      preparer.invalidate();
      throw e;
    }
    regionByInstance.put(launched.instanceId(), prepared.clients().region());
    return launched;
  }

  private LaunchedInstance launchAgain(LaunchRequest request) throws CloudException {
    PreparedLaunch again = preparer.prepare(request);
    try {
      return launcher.launch(again, request);
    } catch (FleetLauncher.TemplateMissing e) {
      throw new CloudException("launch template " + again.templateName() + " vanished right after it was created");
    }
  }

  /**
   * Two paginated DescribeInstances per region: the live managed instances, and the terminated ones EC2 itself
   * ended (a state reason code {@code Server.*}; EC2 describes terminated instances for about an hour). A
   * filter's values are ORed and filters ANDed, so one call cannot ask for both. Other installations' instances
   * are dropped as read: EC2 cannot filter for "this installation's tag or none", and instances of releases
   * before installations had identities carry none but must stay visible to their Runners.
   */
  @Override
  public List<CloudInstance> listInstances() throws CloudException {
    List<CloudInstance> instances = new ArrayList<>();
    for (String region : regions) {
      instances.addAll(listRegion(region));
    }
    return instances;
  }

  /**
   * {@link #listInstances()} over these regions too. A region that lists once is kept for termination and
   * configuration clean-up; one that fails (a typo in a pool's spec.ec2.region, a region the account has not
   * enabled) costs only its own listing.
   */
  @Override
  public InstanceListing listInstances(Set<String> asked) throws CloudException {
    Set<String> all = new LinkedHashSet<>(regions);
    all.addAll(asked);
    List<CloudInstance> instances = new ArrayList<>();
    Set<String> listed = new LinkedHashSet<>();
    CloudException firstFailure = null;
    for (String region : all) {
      try {
        instances.addAll(listRegion(region));
        listed.add(region);
        regions.add(region);
      } catch (CloudException e) {
        LOG.warn("instances not listed region={} error=\"{}\"", region, e.getMessage());
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    if (listed.isEmpty() && firstFailure != null) {
      throw firstFailure;
    }
    return new InstanceListing(instances, listed);
  }

  private List<CloudInstance> listRegion(String region) throws CloudException {
    RegionClients regionClients = clients.forRegion(region);
    List<CloudInstance> instances = new ArrayList<>();
    try {
      for (Instance instance : describe(regionClients, Filter.builder().name("instance-state-name")
          .values(LIVE_STATES).build()).stream().filter(this::ofThisInstallation).toList()) {
        regionByInstance.put(instance.instanceId(), region);
        instances.add(InstanceMapper.toCloudInstance(instance, region));
      }
      for (Instance instance : describe(regionClients,
          Filter.builder().name("instance-state-name").values("terminated").build(),
          Filter.builder().name("state-reason-code").values(RECLAIMED_REASONS).build()).stream()
          .filter(this::ofThisInstallation).toList()) {
        instances.add(InstanceMapper.toCloudInstance(instance, region));
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("ec2:DescribeInstances", e);
    }
    return instances;
  }

  private boolean ofThisInstallation(Instance instance) {
    String tagged = instance.tags().stream().filter(tag -> ManagedTags.INSTALLATION.equals(tag.key()))
        .map(software.amazon.awssdk.services.ec2.model.Tag::value).findFirst().orElse(null);
    return tagged == null || tagged.equals(settings.installation().value());
  }

  private List<Instance> describe(RegionClients regionClients, Filter... filters) {
    List<Filter> all = new ArrayList<>(List.of(filters));
    all.add(Filter.builder().name("tag:" + ManagedTags.MANAGED).values("true").build());
    return regionClients.ec2().describeInstancesPaginator(request -> request
            .maxResults(settings.describePageSize())
            .filters(all))
        .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
  }

  @Override
  public void terminate(Collection<String> instanceIds) throws CloudException {
    Map<String, List<String>> byRegion = new LinkedHashMap<>();
    for (String id : new LinkedHashSet<>(instanceIds)) {
      String region = regionByInstance.get(id);
      // An instance of unknown region is tried everywhere; "not found" elsewhere counts as success.
      for (String candidate : region == null ? regions : Set.of(region)) {
        byRegion.computeIfAbsent(candidate, key -> new ArrayList<>()).add(id);
      }
    }
    for (Map.Entry<String, List<String>> entry : byRegion.entrySet()) {
      InstanceTerminator.terminate(clients.forRegion(entry.getKey()), entry.getValue());
    }
  }

  @Override
  public void terminate(String region, Collection<String> instanceIds) throws CloudException {
    if (region == null) {
      terminate(instanceIds);
      return;
    }
    instanceIds.forEach(id -> regionByInstance.put(id, region));
    InstanceTerminator.terminate(clients.forRegion(region), List.copyOf(new LinkedHashSet<>(instanceIds)));
  }

  @Override
  public Set<String> launchedHere(String region, Collection<String> instanceIds) throws CloudException {
    RegionClients regionClients = clients.forRegion(region != null ? region : clients.defaultRegion());
    Set<String> own = new LinkedHashSet<>();
    for (String id : new LinkedHashSet<>(instanceIds)) {
      if (ownership.launchedHere(regionClients, id)) {
        own.add(id);
      }
    }
    return own;
  }

  @Override
  public void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    String region = key.region() != null ? key.region() : regionOf(key.instanceId());
    RunnerConfigStore.put(clients.forRegion(region), settings.installation(), key, jitConfig,
        instanceArn(region, key.instanceId()));
  }

  @Override
  public void deleteRunnerConfig(RunnerConfigKey key) throws CloudException {
    String region = key.region() != null ? key.region() : regionByInstance.get(key.instanceId());
    for (String candidate : region == null ? regions : Set.of(region)) {
      RunnerConfigStore.delete(clients.forRegion(candidate), settings.installation(), key);
    }
  }

  @Override
  public List<RunnerConfigKey> listRunnerConfigs() throws CloudException {
    List<RunnerConfigKey> keys = new ArrayList<>();
    for (String region : regions) {
      keys.addAll(RunnerConfigStore.list(clients.forRegion(region), settings.installation()));
    }
    return keys;
  }

  /**
   * Deletes this installation's launch templates no live pool uses (see {@link LaunchTemplates#prune}).
   *
   * @return the names of the deleted templates
   */
  public List<String> pruneLaunchTemplates(Set<PoolRef> livePools) throws CloudException {
    List<String> deleted = new ArrayList<>();
    for (String region : regions) {
      deleted.addAll(templates.prune(clients.forRegion(region), livePools, settings.launchTemplateMinAge()));
    }
    return deleted;
  }

  /** {@code arn:<partition>:ec2:<region>:<account>:instance/<id>}, as IAM's {@code ec2:SourceInstanceARN} says it. */
  private String instanceArn(String region, String instanceId) throws CloudException {
    try {
      // Regions too new for the SDK's metadata fall in the partition their name says (aws, aws-cn, ...).
      String partition = PartitionMetadata.of(Region.of(region)).id();
      return "arn:" + partition + ":ec2:" + region + ":" + clients.accountId() + ":instance/" + instanceId;
    } catch (SdkException e) {
      throw AwsErrors.translate("sts:GetCallerIdentity", e);
    }
  }

  private String regionOf(String instanceId) {
    return regionByInstance.getOrDefault(instanceId, clients.defaultRegion());
  }

  static boolean isTemplateMissing(String code) {
    return code != null && TEMPLATE_MISSING.contains(code);
  }
}
