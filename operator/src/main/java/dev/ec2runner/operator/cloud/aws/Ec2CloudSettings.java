package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.InstallationId;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Tuning of {@link Ec2RunnerCloud}.
 *
 * @param extraRegions regions to observe besides the default one even before a pool launches there
 * @param describePageSize DescribeInstances page size (5 to 1000)
 * @param resolutionTtl how long resolved AMIs, subnets and security groups are reused
 * @param launchTemplateMinAge how old an unused launch template must be before pruning deletes it
 * @param installation whose instances, launch templates and runner configurations these are: others are neither
 *     listed nor cleaned up
 */
public record Ec2CloudSettings(Set<String> extraRegions, int describePageSize, Duration resolutionTtl,
    Duration launchTemplateMinAge, InstallationId installation) {

  public Ec2CloudSettings {
    extraRegions = Set.copyOf(extraRegions);
    Objects.requireNonNull(installation, "installation");
    if (describePageSize < 5 || describePageSize > 1000) {
      throw new IllegalArgumentException("describePageSize must be between 5 and 1000, was " + describePageSize);
    }
  }

  public static Ec2CloudSettings defaults() {
    return new Ec2CloudSettings(Set.of(), 1000, Duration.ofMinutes(5), Duration.ofMinutes(15),
        InstallationId.DEFAULT);
  }

  public Ec2CloudSettings withDescribePageSize(int pageSize) {
    return new Ec2CloudSettings(extraRegions, pageSize, resolutionTtl, launchTemplateMinAge, installation);
  }

  public Ec2CloudSettings withLaunchTemplateMinAge(Duration minAge) {
    return new Ec2CloudSettings(extraRegions, describePageSize, resolutionTtl, minAge, installation);
  }

  public Ec2CloudSettings withInstallation(InstallationId id) {
    return new Ec2CloudSettings(extraRegions, describePageSize, resolutionTtl, launchTemplateMinAge, id);
  }
}
