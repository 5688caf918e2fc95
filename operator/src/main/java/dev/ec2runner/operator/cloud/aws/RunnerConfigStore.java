package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Runner JIT configurations as SSM SecureStrings at
 * {@code /ec2runner/<installation>/<namespace>/<pool>/<instanceId>}: each installation lists (and so cleans up)
 * only its own path, and an IAM policy can confine it there. Each is tagged with the ARN of the one instance it is
 * for, so that an instance policy can allow each instance its own configuration only
 * ({@code ssm:resourceTag/ec2runner.dev/instance-arn} equal to {@code ${ec2:SourceInstanceARN}}): IAM has no policy
 * variable holding the bare instance id, so the parameter's name alone cannot do it.
 */
final class RunnerConfigStore {

  static final String ROOT = "/ec2runner/";
  static final String INSTANCE_ARN_TAG = "ec2runner.dev/instance-arn";

  private RunnerConfigStore() {
  }

  /** The path under which the installation's configurations are stored (no trailing slash). */
  static String path(InstallationId installation) {
    return ROOT + installation.value();
  }

  static String parameterName(InstallationId installation, RunnerConfigKey key) {
    return path(installation) + "/" + key.namespace() + "/" + key.pool() + "/" + key.instanceId();
  }

  /** The key a parameter name of the installation stands for, or empty for names outside its layout. */
  static Optional<RunnerConfigKey> keyOf(InstallationId installation, String parameterName) {
    String prefix = path(installation) + "/";
    if (!parameterName.startsWith(prefix)) {
      return Optional.empty();
    }
    String[] parts = parameterName.substring(prefix.length()).split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("i-")) {
      return Optional.empty();
    }
    return Optional.of(new RunnerConfigKey(parts[0], parts[1], parts[2]));
  }

  /**
   * Stores the configuration, tagged with {@code instanceArn}. SSM takes tags only when it creates a parameter, so
   * a configuration stored again (a retried hand-off) is overwritten and tagged in a second call; until then the
   * instance may only find it unreadable and polls again.
   */
  static void put(RegionClients clients, InstallationId installation, RunnerConfigKey key, Sensitive jitConfig,
      String instanceArn) throws CloudException {
    Tag owner = Tag.builder().key(INSTANCE_ARN_TAG).value(instanceArn).build();
    try {
      try {
        clients.ssm().putParameter(request -> parameter(request, installation, key, jitConfig).tags(owner));
      } catch (ParameterAlreadyExistsException e) {
        clients.ssm().putParameter(request -> parameter(request, installation, key, jitConfig).overwrite(true));
        clients.ssm().addTagsToResource(request -> request.resourceType(ResourceTypeForTagging.PARAMETER)
            .resourceId(parameterName(installation, key)).tags(owner));
      }
    } catch (SdkException e) {
      // Never pass the SDK's exception on: nothing of the request may reach a log.
      throw AwsErrors.translateRedacted("ssm:PutParameter", e);
    }
  }

  private static PutParameterRequest.Builder parameter(PutParameterRequest.Builder request,
      InstallationId installation, RunnerConfigKey key, Sensitive jitConfig) {
    // Intelligent tiering stays in the free standard tier unless a configuration exceeds 4 KB.
    return request.name(parameterName(installation, key)).value(jitConfig.reveal()).type(ParameterType.SECURE_STRING)
        .tier(ParameterTier.INTELLIGENT_TIERING)
        .description("GitHub runner JIT configuration; the instance deletes it on use");
  }

  static void delete(RegionClients clients, InstallationId installation, RunnerConfigKey key) throws CloudException {
    try {
      clients.ssm().deleteParameter(request -> request.name(parameterName(installation, key)));
    } catch (ParameterNotFoundException e) {
      // Already consumed by its instance.
    } catch (SdkException e) {
      throw AwsErrors.translate("ssm:DeleteParameter", e);
    }
  }

  /** Keys of every configuration of the installation stored in the clients' region; values are not decrypted. */
  static List<RunnerConfigKey> list(RegionClients clients, InstallationId installation) throws CloudException {
    List<RunnerConfigKey> keys = new ArrayList<>();
    try {
      for (Parameter parameter : clients.ssm().getParametersByPathPaginator(request -> request
          .path(path(installation)).recursive(true).withDecryption(false))
          .stream().flatMap(page -> page.parameters().stream()).toList()) {
        keyOf(installation, parameter.name()).map(key -> new RunnerConfigKey(key.namespace(), key.pool(),
            key.instanceId(), clients.region())).ifPresent(keys::add);
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("ssm:GetParametersByPath", e);
    }
    return keys;
  }
}
