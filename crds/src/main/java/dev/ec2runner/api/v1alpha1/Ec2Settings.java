package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ec2runner.api.InstanceArchitecture;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The EC2 instances the pool launches. */
@ValidationRule(value = "!has(self.tags) || self.tags.all(k, !k.startsWith('ec2runner.dev/') && !k.startsWith('aws:'))",
    message = "tag keys under ec2runner.dev/ and aws: are reserved")
public class Ec2Settings {

  @JsonPropertyDescription("AWS region, e.g. eu-west-1.")
  @Required
  @Pattern("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$")
  private String region;

  @JsonPropertyDescription("The machine image. Default: the latest Amazon Linux 2023 for the pool's architecture, from the public SSM parameter /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 (or -arm64 for Graviton instance types).")
  private AmiSelector ami;

  @JsonPropertyDescription("Instance types in order of preference, e.g. [m7i.large, m6i.large], all of one architecture: x86_64, or arm64 (Graviton, e.g. m7g.large).")
  @Required
  @Size(min = 1, max = 20)
  @ValidationRule(value = "self.all(t, t.matches('^[a-z0-9-]+[.][a-z0-9]+$'))", message = "instance types look like m7i.large")
  @ValidationRule(value = "self.all(t, t.matches('" + InstanceArchitecture.ARM64_TYPE + "')) || self.all(t, !t.matches('"
      + InstanceArchitecture.ARM64_TYPE + "'))",
      message = "instance types mix x86_64 and arm64 (Graviton) types; a pool runs one architecture, so split it into two pools")
  private List<@Size(max = 64) String> instanceTypes;

  @JsonPropertyDescription("spot, on-demand, or spot-with-fallback (on-demand while spot capacity is unavailable).")
  @Default("spot-with-fallback")
  @Pattern("^(spot|on-demand|spot-with-fallback)$")
  private String capacityType;

  @JsonPropertyDescription("CreateFleet allocation strategy. Default: price-capacity-optimized for spot, lowest-price for on-demand.")
  @Pattern("^(price-capacity-optimized|capacity-optimized|capacity-optimized-prioritized|lowest-price|diversified|prioritized)$")
  private String allocationStrategy;

  @JsonPropertyDescription("Subnets to launch in, by id or tags; one per availability zone spreads the pool.")
  @Required
  @Size(min = 1, max = 32)
  private List<ResourceSelector> subnets;

  @JsonPropertyDescription("Security groups, by id or tags. Default: the VPC's default group.")
  @Size(max = 16)
  private List<ResourceSelector> securityGroups;

  @JsonPropertyDescription("IAM instance profile (name or ARN); its role must allow reading and deleting the runner's SSM parameter. Default: none, which works only with an AMI that reaches SSM with other credentials: set it.")
  @Size(min = 1, max = 2048)
  private String instanceProfile;

  @JsonPropertyDescription("Root volume. Default: 30 GiB gp3, encrypted.")
  private RootVolume rootVolume;

  @JsonPropertyDescription("Extra tags on instances and volumes. Keys under ec2runner.dev/ and aws: are reserved. Default: none (the operator's own ec2runner.dev/ tags only).")
  @Size(max = 40)
  private Map<String, @Size(max = 256) String> tags;

  @JsonPropertyDescription("Instance metadata options. Default: IMDSv2 required, hop limit 1.")
  private MetadataOptions metadataOptions;

  @JsonPropertyDescription("Give instances a public IP address.")
  @Default("false")
  private Boolean associatePublicIp;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Ec2Settings withRegion(String region) {
    this.region = region;
    return this;
  }

  public AmiSelector getAmi() {
    return ami;
  }

  public void setAmi(AmiSelector ami) {
    this.ami = ami;
  }

  public Ec2Settings withAmi(AmiSelector ami) {
    this.ami = ami;
    return this;
  }

  public List<String> getInstanceTypes() {
    return instanceTypes;
  }

  public void setInstanceTypes(List<String> instanceTypes) {
    this.instanceTypes = instanceTypes;
  }

  public Ec2Settings withInstanceTypes(List<String> instanceTypes) {
    this.instanceTypes = instanceTypes;
    return this;
  }

  public String getCapacityType() {
    return capacityType;
  }

  public void setCapacityType(String capacityType) {
    this.capacityType = capacityType;
  }

  public Ec2Settings withCapacityType(String capacityType) {
    this.capacityType = capacityType;
    return this;
  }

  public String getAllocationStrategy() {
    return allocationStrategy;
  }

  public void setAllocationStrategy(String allocationStrategy) {
    this.allocationStrategy = allocationStrategy;
  }

  public Ec2Settings withAllocationStrategy(String allocationStrategy) {
    this.allocationStrategy = allocationStrategy;
    return this;
  }

  public List<ResourceSelector> getSubnets() {
    return subnets;
  }

  public void setSubnets(List<ResourceSelector> subnets) {
    this.subnets = subnets;
  }

  public Ec2Settings withSubnets(List<ResourceSelector> subnets) {
    this.subnets = subnets;
    return this;
  }

  public List<ResourceSelector> getSecurityGroups() {
    return securityGroups;
  }

  public void setSecurityGroups(List<ResourceSelector> securityGroups) {
    this.securityGroups = securityGroups;
  }

  public Ec2Settings withSecurityGroups(List<ResourceSelector> securityGroups) {
    this.securityGroups = securityGroups;
    return this;
  }

  public String getInstanceProfile() {
    return instanceProfile;
  }

  public void setInstanceProfile(String instanceProfile) {
    this.instanceProfile = instanceProfile;
  }

  public Ec2Settings withInstanceProfile(String instanceProfile) {
    this.instanceProfile = instanceProfile;
    return this;
  }

  public RootVolume getRootVolume() {
    return rootVolume;
  }

  public void setRootVolume(RootVolume rootVolume) {
    this.rootVolume = rootVolume;
  }

  public Ec2Settings withRootVolume(RootVolume rootVolume) {
    this.rootVolume = rootVolume;
    return this;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public Ec2Settings withTags(Map<String, String> tags) {
    this.tags = tags;
    return this;
  }

  public MetadataOptions getMetadataOptions() {
    return metadataOptions;
  }

  public void setMetadataOptions(MetadataOptions metadataOptions) {
    this.metadataOptions = metadataOptions;
  }

  public Ec2Settings withMetadataOptions(MetadataOptions metadataOptions) {
    this.metadataOptions = metadataOptions;
    return this;
  }

  public Boolean getAssociatePublicIp() {
    return associatePublicIp;
  }

  public void setAssociatePublicIp(Boolean associatePublicIp) {
    this.associatePublicIp = associatePublicIp;
  }

  public Ec2Settings withAssociatePublicIp(Boolean associatePublicIp) {
    this.associatePublicIp = associatePublicIp;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Ec2Settings)) {
      return false;
    }
    Ec2Settings that = (Ec2Settings) o;
    return Objects.equals(region, that.region)
        && Objects.equals(ami, that.ami)
        && Objects.equals(instanceTypes, that.instanceTypes)
        && Objects.equals(capacityType, that.capacityType)
        && Objects.equals(allocationStrategy, that.allocationStrategy)
        && Objects.equals(subnets, that.subnets)
        && Objects.equals(securityGroups, that.securityGroups)
        && Objects.equals(instanceProfile, that.instanceProfile)
        && Objects.equals(rootVolume, that.rootVolume)
        && Objects.equals(tags, that.tags)
        && Objects.equals(metadataOptions, that.metadataOptions)
        && Objects.equals(associatePublicIp, that.associatePublicIp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, ami, instanceTypes, capacityType, allocationStrategy, subnets, securityGroups, instanceProfile, rootVolume, tags, metadataOptions, associatePublicIp);
  }

  @Override
  public String toString() {
    return "Ec2Settings{" + "region=" + region + ", "
        + "ami=" + ami + ", "
        + "instanceTypes=" + instanceTypes + ", "
        + "capacityType=" + capacityType + ", "
        + "allocationStrategy=" + allocationStrategy + ", "
        + "subnets=" + subnets + ", "
        + "securityGroups=" + securityGroups + ", "
        + "instanceProfile=" + instanceProfile + ", "
        + "rootVolume=" + rootVolume + ", "
        + "tags=" + tags + ", "
        + "metadataOptions=" + metadataOptions + ", "
        + "associatePublicIp=" + associatePublicIp + "}";
  }
}
