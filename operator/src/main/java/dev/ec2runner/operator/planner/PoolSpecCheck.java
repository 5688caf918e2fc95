package dev.ec2runner.operator.planner;

import dev.ec2runner.api.InstanceArchitecture;
import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.GitHubTarget;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the operator needs of a pool spec before it acts on it. The CRD schema demands the same, but a pool may have
 * been stored without it (an older CRD, validation turned off, a field the schema cannot express), and acting on
 * such a spec would fail deep inside a launch, again and again: checked here, it becomes one condition naming the
 * field.
 */
public final class PoolSpecCheck {

  public static final String INVALID_SPEC = "InvalidSpec";
  /** The GitHub API a pool uses when it names none. */
  public static final String DEFAULT_API_HOST = "api.github.com";

  private PoolSpecCheck() {
  }

  /** Why the operator cannot act on the spec (reason InvalidSpec, the message naming the field); empty if it can. */
  public static Optional<PoolBlocker> blocker(RunnerPoolSpec spec) {
    try {
      require(spec);
      return Optional.empty();
    } catch (InvalidPoolSpecException e) {
      return Optional.of(new PoolBlocker(INVALID_SPEC, e.getMessage()));
    }
  }

  /** @throws InvalidPoolSpecException naming the first field the operator cannot work with */
  public static void require(RunnerPoolSpec spec) {
    if (spec == null) {
      throw new InvalidPoolSpecException("spec is required");
    }
    requireGitHub(spec.getGithub());
    requireLaunchable(spec);
  }

  /**
   * What a launch needs: the EC2 settings, of one architecture.
   *
   * @throws InvalidPoolSpecException naming the first field a launch cannot work with
   */
  public static void requireLaunchable(RunnerPoolSpec spec) {
    if (spec == null) {
      throw new InvalidPoolSpecException("spec is required");
    }
    requireEc2(spec.getEc2());
    String architecture = InstanceArchitecture.ofPool(spec);
    String typesArchitecture = InstanceArchitecture.ofInstanceTypes(spec.getEc2().getInstanceTypes()).orElse(null);
    if (!architecture.equals(typesArchitecture)) {
      throw new InvalidPoolSpecException(typesArchitecture == null
          ? "spec.ec2.instanceTypes mix x86_64 and arm64 (Graviton) types " + spec.getEc2().getInstanceTypes()
              + "; a pool runs one architecture, so split it into two pools"
          : "spec.runner.architecture is " + architecture + " but spec.ec2.instanceTypes are " + typesArchitecture
              + "; leave spec.runner.architecture unset to follow the instance types");
    }
  }

  /**
   * Whether the pool's GitHub API host is one the installation allows: the App's JWT and installation tokens are
   * sent there, so a pool may not name a host of its choosing.
   *
   * @param allowedHosts lower-case host names (the operator's GITHUB_API_HOSTS)
   * @return a blocker with reason InvalidSpec naming spec.github.apiUrl and the allowed hosts; empty if allowed
   */
  public static Optional<PoolBlocker> apiHostBlocker(GitHubTarget github, Set<String> allowedHosts) {
    String apiUrl = github == null ? null : github.getApiUrl();
    String host = apiUrl == null ? DEFAULT_API_HOST : hostOf(apiUrl);
    if (host != null && allowedHosts.contains(host)) {
      return Optional.empty();
    }
    String named = host == null ? "has no host name" : "names host " + host;
    return Optional.of(new PoolBlocker(INVALID_SPEC, "spec.github.apiUrl " + apiUrl + " " + named
        + ", which this installation does not allow GitHub App credentials to be sent to; allowed GitHub API hosts: "
        + String.join(", ", allowedHosts.stream().sorted().toList())
        + " (the operator's GITHUB_API_HOSTS, chart value operator.gitHubApiHosts)"));
  }

  private static String hostOf(String apiUrl) {
    try {
      String host = URI.create(apiUrl).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void requireGitHub(GitHubTarget github) {
    if (github == null) {
      throw new InvalidPoolSpecException("spec.github is required");
    }
    long scopes = Stream.of(github.getOrganization(), github.getRepository(), github.getEnterprise())
        .filter(Objects::nonNull).count();
    if (scopes != 1) {
      throw new InvalidPoolSpecException("spec.github needs exactly one of organization, repository and enterprise");
    }
    if (github.getAppSecretRef() == null || isBlank(github.getAppSecretRef().getName())) {
      throw new InvalidPoolSpecException("spec.github.appSecretRef.name is required: the Secret with the GitHub App "
          + "credentials");
    }
  }

  private static void requireEc2(Ec2Settings ec2) {
    if (ec2 == null) {
      throw new InvalidPoolSpecException("spec.ec2 is required");
    }
    if (isBlank(ec2.getRegion())) {
      throw new InvalidPoolSpecException("spec.ec2.region is required");
    }
    List<String> types = ec2.getInstanceTypes();
    if (types == null || types.isEmpty() || types.stream().anyMatch(PoolSpecCheck::isBlank)) {
      throw new InvalidPoolSpecException("spec.ec2.instanceTypes needs at least one instance type, e.g. m7i.large");
    }
    requireSelectors("spec.ec2.subnets", ec2.getSubnets(), true);
    requireSelectors("spec.ec2.securityGroups", ec2.getSecurityGroups(), false);
    AmiSelector ami = ec2.getAmi();
    if (ami != null && Stream.of(ami.getId(), ami.getSsmParameter(), ami.getName()).filter(Objects::nonNull)
        .count() != 1) {
      throw new InvalidPoolSpecException("spec.ec2.ami needs exactly one of id, ssmParameter and name (or leave it "
          + "unset for the latest Amazon Linux 2023)");
    }
  }

  private static void requireSelectors(String field, List<ResourceSelector> selectors, boolean required) {
    if (selectors == null || selectors.isEmpty()) {
      if (required) {
        throw new InvalidPoolSpecException(field + " needs at least one entry (by id or tags): there is nowhere "
            + "to launch");
      }
      return;
    }
    for (int i = 0; i < selectors.size(); i++) {
      ResourceSelector selector = selectors.get(i);
      boolean byId = selector != null && !isBlank(selector.getId());
      boolean byTags = selector != null && selector.getTags() != null && !selector.getTags().isEmpty();
      if (byId == byTags) {
        throw new InvalidPoolSpecException(field + "[" + i + "] needs exactly one of id and tags (empty tags would "
            + "select every resource of the region, in any VPC)");
      }
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
