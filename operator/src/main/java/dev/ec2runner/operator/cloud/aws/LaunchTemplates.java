package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * This installation's launch templates: one per pool content (hash-named), created on first use, remembered, and
 * pruned once no pool uses them. Templates of other installations are never listed, so never pruned.
 */
final class LaunchTemplates {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchTemplates.class);
  private static final String ALREADY_EXISTS = "InvalidLaunchTemplateName.AlreadyExistsException";

  private final Clock clock;
  private final InstallationId installation;
  /** Templates known to exist, as {@code region/name}. */
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  /** The template each pool last launched with, per region: pruning keeps these. */
  private final Map<String, String> currentByPool = new ConcurrentHashMap<>();

  LaunchTemplates(Clock clock, InstallationId installation) {
    this.clock = clock;
    this.installation = installation;
  }

  /** Creates the template unless it exists; safe when another operator replica creates it at the same time. */
  String ensure(RegionClients clients, PoolRef pool, LaunchTemplateContent content) throws CloudException {
    String name = content.templateName(installation);
    currentByPool.put(poolKey(clients.region(), pool), name);
    if (existing.contains(clients.region() + "/" + name)) {
      return name;
    }
    try {
      clients.ec2().createLaunchTemplate(request -> request
          .launchTemplateName(name)
          .versionDescription("managed by ec2-runner-operator for " + pool.namespace() + "/" + pool.pool())
          .launchTemplateData(content.toRequestData())
          .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE).tags(
              tag(ManagedTags.MANAGED, "true"), tag(ManagedTags.INSTALLATION, installation.value()),
              tag(ManagedTags.NAMESPACE, pool.namespace()),
              tag(ManagedTags.POOL, pool.pool())).build()));
      LOG.info("created launch template {} in {} for pool {}/{}", name, clients.region(), pool.namespace(),
          pool.pool());
    } catch (SdkException e) {
      if (!ALREADY_EXISTS.equals(AwsErrors.code(e))) {
        throw AwsErrors.translate("ec2:CreateLaunchTemplate", e);
      }
    }
    existing.add(clients.region() + "/" + name);
    return name;
  }

  /** Forgets a template that turned out to be gone (deleted outside the operator), so the next launch recreates it. */
  void forget(String region, String name) {
    existing.remove(region + "/" + name);
  }

  /**
   * Deletes this installation's templates that no live pool uses: those of pools not in {@code livePools}, and older
   * ones of live pools whose current template this process knows. Templates younger than {@code minAge} stay, so a
   * launch in flight never loses its template.
   *
   * @return the names deleted
   */
  List<String> prune(RegionClients clients, Set<PoolRef> livePools, Duration minAge) throws CloudException {
    Instant cutoff = clock.instant().minus(minAge);
    List<String> deleted = new ArrayList<>();
    try {
      for (LaunchTemplate template : clients.ec2().describeLaunchTemplatesPaginator(request -> request.filters(
          Filter.builder().name("tag:" + ManagedTags.MANAGED).values("true").build(),
          Filter.builder().name("tag:" + ManagedTags.INSTALLATION).values(installation.value()).build()))
          .launchTemplates()) {
        if (template.createTime() != null && template.createTime().isAfter(cutoff)) {
          continue;
        }
        PoolRef owner = owner(template);
        boolean live = owner != null && livePools.contains(owner);
        String current = owner == null ? null : currentByPool.get(poolKey(clients.region(), owner));
        if (live && (current == null || current.equals(template.launchTemplateName()))) {
          continue;
        }
        clients.ec2().deleteLaunchTemplate(request -> request.launchTemplateId(template.launchTemplateId()));
        forget(clients.region(), template.launchTemplateName());
        deleted.add(template.launchTemplateName());
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("ec2:DeleteLaunchTemplate", e);
    }
    if (!deleted.isEmpty()) {
      LOG.info("deleted unused launch templates {} in {}", deleted, clients.region());
    }
    return deleted;
  }

  private static PoolRef owner(LaunchTemplate template) {
    String namespace = null;
    String pool = null;
    for (Tag tag : template.tags()) {
      if (ManagedTags.NAMESPACE.equals(tag.key())) {
        namespace = tag.value();
      } else if (ManagedTags.POOL.equals(tag.key())) {
        pool = tag.value();
      }
    }
    return namespace == null || pool == null ? null : new PoolRef(namespace, pool);
  }

  private static String poolKey(String region, PoolRef pool) {
    return region + "/" + pool.namespace() + "/" + pool.pool();
  }

  static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
