package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/**
 * Tells whether this installation launched an instance, from what the instance was launched with rather than from
 * its tags: the user data of this installation's launch templates names the installation. CreateTags cannot change
 * user data, and ModifyInstanceAttribute changes it only on a stopped instance, so tagging someone else's running
 * instance as managed never makes it ours. (EC2 also sets the system tag {@code aws:ec2launchtemplate:id} on
 * instances launched from a template, but moto does not for CreateFleet launches, and a template pruned meanwhile
 * would disown its instances; the user data holds in both.)
 *
 * <p>One DescribeInstanceAttribute per instance asked about, which garbage collection does only for confirmed
 * orphans; answers are remembered, as a running instance's user data does not change.
 */
final class InstanceOwnership {

  private final String marker;
  private final Map<String, Boolean> known = new ConcurrentHashMap<>();

  InstanceOwnership(InstallationId installation) {
    this.marker = UserDataRenderer.installationLine(installation.value());
  }

  /** Whether this installation launched the instance; an instance EC2 no longer knows is not ours. */
  boolean launchedHere(RegionClients clients, String instanceId) throws CloudException {
    Boolean answer = known.get(instanceId);
    if (answer != null) {
      return answer;
    }
    DescribeInstanceAttributeResponse response;
    try {
      response = clients.ec2().describeInstanceAttribute(request -> request.instanceId(instanceId)
          .attribute(InstanceAttributeName.USER_DATA));
    } catch (SdkException e) {
      String code = AwsErrors.code(e);
      if ("InvalidInstanceID.NotFound".equals(code) || "InvalidInstanceID.Malformed".equals(code)) {
        return false;
      }
      throw AwsErrors.translate("ec2:DescribeInstanceAttribute", e);
    }
    String userData = response.userData() == null ? null : response.userData().value();
    boolean ours = userData != null && new String(decode(userData), StandardCharsets.UTF_8).contains(marker);
    known.put(instanceId, ours);
    return ours;
  }

  /** The user data as the instance sees it: base64 on the wire, gzipped when the script was large. */
  static byte[] decode(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
    if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readNBytes(UserDataRenderer.MAX_USER_DATA_BYTES * 8);
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
