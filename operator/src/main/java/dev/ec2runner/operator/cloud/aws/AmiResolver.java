package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.operator.cloud.CloudException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Resolves a pool's AMI selector (id, SSM parameter or newest image by name) to an image. */
final class AmiResolver {

  private static final Comparator<Image> NEWEST_FIRST = Comparator
      .comparing((Image image) -> Objects.requireNonNullElse(image.creationDate(), ""))
      .thenComparing(image -> Objects.requireNonNullElse(image.name(), ""))
      .reversed();

  ResolvedImage resolve(RegionClients clients, AmiSelector ami) throws CloudException {
    if (ami == null) {
      throw new CloudException.InvalidConfiguration("spec.ec2.ami is missing");
    }
    if (ami.getId() != null) {
      return describe(clients, DescribeImagesRequest.builder().imageIds(ami.getId()).build(),
          "AMI " + ami.getId());
    }
    if (ami.getSsmParameter() != null) {
      String imageId = fromParameter(clients, ami.getSsmParameter());
      return describe(clients, DescribeImagesRequest.builder().imageIds(imageId).build(),
          "AMI " + imageId + " (from SSM parameter " + ami.getSsmParameter() + ")");
    }
    if (ami.getName() != null) {
      String owner = ami.getOwner() == null ? "self" : ami.getOwner();
      return describe(clients, DescribeImagesRequest.builder()
          .owners(owner)
          .filters(Filter.builder().name("name").values(ami.getName()).build(),
              Filter.builder().name("state").values("available").build())
          .build(), "an AMI named '" + ami.getName() + "' owned by " + owner);
    }
    throw new CloudException.InvalidConfiguration("spec.ec2.ami needs one of id, ssmParameter or name");
  }

  private static String fromParameter(RegionClients clients, String parameter) throws CloudException {
    try {
      String value = clients.ssm().getParameter(request -> request.name(parameter)).parameter().value();
      if (value == null || !value.startsWith("ami-")) {
        throw new CloudException.InvalidConfiguration("SSM parameter " + parameter
            + " does not hold an AMI id (check spec.ec2.ami.ssmParameter)");
      }
      return value;
    } catch (ParameterNotFoundException e) {
      throw new CloudException.InvalidConfiguration("SSM parameter " + parameter + " does not exist in "
          + clients.region() + " (check spec.ec2.ami.ssmParameter)");
    } catch (SdkException e) {
      throw AwsErrors.translate("ssm:GetParameter", e);
    }
  }

  private static ResolvedImage describe(RegionClients clients, DescribeImagesRequest request, String what)
      throws CloudException {
    List<Image> images;
    try {
      images = clients.ec2().describeImages(request).images();
    } catch (SdkException e) {
      if ("InvalidAMIID.NotFound".equals(AwsErrors.code(e)) || "InvalidAMIID.Malformed".equals(AwsErrors.code(e))) {
        throw new CloudException.InvalidConfiguration(what + " does not exist in " + clients.region()
            + " (check spec.ec2.ami)");
      }
      throw AwsErrors.translate("ec2:DescribeImages", e);
    }
    Image image = images.stream().sorted(NEWEST_FIRST).findFirst()
        .orElseThrow(() -> new CloudException.InvalidConfiguration(
            "no " + what + " is available in " + clients.region() + " (check spec.ec2.ami)"));
    return new ResolvedImage(image.imageId(), image.rootDeviceName(), image.architectureAsString());
  }
}
