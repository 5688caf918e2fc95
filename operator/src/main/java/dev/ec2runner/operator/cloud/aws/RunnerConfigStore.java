package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Runner JIT configurations as SSM SecureStrings at {@code /ec2runner/<namespace>/<pool>/<instanceId>}. */
final class RunnerConfigStore {

  static final String ROOT = "/ec2runner/";

  private RunnerConfigStore() {
  }

  static String parameterName(RunnerConfigKey key) {
    return ROOT + key.namespace() + "/" + key.pool() + "/" + key.instanceId();
  }

  /** The key a parameter name stands for, or empty for names outside the layout. */
  static Optional<RunnerConfigKey> keyOf(String parameterName) {
    if (!parameterName.startsWith(ROOT)) {
      return Optional.empty();
    }
    String[] parts = parameterName.substring(ROOT.length()).split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("i-")) {
      return Optional.empty();
    }
    return Optional.of(new RunnerConfigKey(parts[0], parts[1], parts[2]));
  }

  static void put(RegionClients clients, RunnerConfigKey key, Sensitive jitConfig) throws CloudException {
    try {
      // Intelligent tiering stays in the free standard tier unless a configuration exceeds 4 KB.
      clients.ssm().putParameter(request -> request.name(parameterName(key)).value(jitConfig.reveal())
          .type(ParameterType.SECURE_STRING).overwrite(true).tier(ParameterTier.INTELLIGENT_TIERING)
          .description("GitHub runner JIT configuration; the instance deletes it on use"));
    } catch (SdkException e) {
      // Never pass the SDK's exception on: nothing of the request may reach a log.
      throw AwsErrors.translateRedacted("ssm:PutParameter", e);
    }
  }

  static void delete(RegionClients clients, RunnerConfigKey key) throws CloudException {
    try {
      clients.ssm().deleteParameter(request -> request.name(parameterName(key)));
    } catch (ParameterNotFoundException e) {
      // Already consumed by its instance.
    } catch (SdkException e) {
      throw AwsErrors.translate("ssm:DeleteParameter", e);
    }
  }

  /** Keys of every configuration stored in the clients' region; values are not decrypted. */
  static List<RunnerConfigKey> list(RegionClients clients) throws CloudException {
    List<RunnerConfigKey> keys = new ArrayList<>();
    try {
      for (Parameter parameter : clients.ssm().getParametersByPathPaginator(request -> request
          .path(ROOT.substring(0, ROOT.length() - 1)).recursive(true).withDecryption(false))
          .stream().flatMap(page -> page.parameters().stream()).toList()) {
        keyOf(parameter.name()).map(key -> new RunnerConfigKey(key.namespace(), key.pool(), key.instanceId(),
            clients.region())).ifPresent(keys::add);
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("ssm:GetParametersByPath", e);
    }
    return keys;
  }
}
