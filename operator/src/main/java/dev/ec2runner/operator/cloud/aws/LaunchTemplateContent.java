package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.MetadataOptions;
import dev.ec2runner.api.v1alpha1.RootVolume;
import dev.ec2runner.operator.InstallationId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

/**
 * Everything an operator-managed launch template holds, resolved to plain values. Its hash names the template, so
 * equal settings share one template and any change (a new AMI behind an alias, a new runner release, edited job
 * scripts) yields a new one.
 */
record LaunchTemplateContent(String imageId, String rootDeviceName, List<String> securityGroupIds,
    String instanceProfile, int volumeSizeGiB, String volumeType, boolean encrypted, String kmsKeyId,
    Integer iops, Integer throughput, int hopLimit, String instanceMetadataTags,
    boolean associatePublicIp, String userDataBase64) {

  static final String NAME_PREFIX = "ec2runner-";
  /**
   * Always IMDSv2, whatever a pool says: the schema refuses {@code optional}, and a pool stored before it did must
   * not get IMDSv1, which lets a request forgery in a job read the instance role's credentials.
   */
  static final String IMDS_V2_REQUIRED = "required";
  /** One hop: the metadata service answers the instance, not the containers of its jobs. */
  static final int DEFAULT_HOP_LIMIT = 1;

  LaunchTemplateContent {
    securityGroupIds = List.copyOf(securityGroupIds);
  }

  /** The content for a pool: its EC2 settings with the documented defaults, the image and the user data. */
  static LaunchTemplateContent of(Ec2Settings ec2, ResolvedImage image, List<String> securityGroupIds,
      String userDataBase64) {
    RootVolume volume = ec2.getRootVolume() == null ? new RootVolume() : ec2.getRootVolume();
    MetadataOptions metadata = ec2.getMetadataOptions() == null ? new MetadataOptions() : ec2.getMetadataOptions();
    return new LaunchTemplateContent(image.imageId(),
        Objects.requireNonNullElse(image.rootDeviceName(), "/dev/xvda"), securityGroupIds, ec2.getInstanceProfile(),
        Objects.requireNonNullElse(volume.getSizeGiB(), 30), Objects.requireNonNullElse(volume.getType(), "gp3"),
        Objects.requireNonNullElse(volume.getEncrypted(), true), volume.getKmsKeyId(), volume.getIops(),
        volume.getThroughput(),
        Objects.requireNonNullElse(metadata.getHttpPutResponseHopLimit(), DEFAULT_HOP_LIMIT),
        Objects.requireNonNullElse(metadata.getInstanceMetadataTags(), "disabled"),
        Boolean.TRUE.equals(ec2.getAssociatePublicIp()), userDataBase64);
  }

  /**
   * {@code ec2runner-}, the installation, {@code -} and 24 hex digits of the content's SHA-256: installations never
   * share a template, even with equal content.
   */
  String templateName(InstallationId installation) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
      return NAME_PREFIX + installation.value() + "-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  RequestLaunchTemplateData toRequestData() {
    LaunchTemplateEbsBlockDeviceRequest.Builder ebs = LaunchTemplateEbsBlockDeviceRequest.builder()
        .volumeSize(volumeSizeGiB).volumeType(volumeType).encrypted(encrypted).deleteOnTermination(true)
        .kmsKeyId(kmsKeyId).iops(iops).throughput(throughput);
    // The network interface says "no public IP" explicitly: a subnet may assign one by default.
    LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.Builder nic =
        LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder()
            .deviceIndex(0).associatePublicIpAddress(associatePublicIp).deleteOnTermination(true);
    if (!securityGroupIds.isEmpty()) {
      nic.groups(securityGroupIds);
    }
    RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
        .imageId(imageId)
        .blockDeviceMappings(LaunchTemplateBlockDeviceMappingRequest.builder()
            .deviceName(rootDeviceName).ebs(ebs.build()).build())
        .networkInterfaces(nic.build())
        .metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder()
            .httpEndpoint("enabled").httpTokens(IMDS_V2_REQUIRED).httpPutResponseHopLimit(hopLimit)
            .instanceMetadataTags(instanceMetadataTags).build())
        .instanceInitiatedShutdownBehavior("terminate")
        .userData(userDataBase64);
    if (instanceProfile != null && !instanceProfile.isBlank()) {
      data.iamInstanceProfile(instanceProfile.startsWith("arn:")
          ? LaunchTemplateIamInstanceProfileSpecificationRequest.builder().arn(instanceProfile).build()
          : LaunchTemplateIamInstanceProfileSpecificationRequest.builder().name(instanceProfile).build());
    }
    return data.build();
  }
}
