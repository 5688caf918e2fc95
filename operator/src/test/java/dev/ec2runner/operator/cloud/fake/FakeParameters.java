package dev.ec2runner.operator.cloud.fake;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fake SSM Parameter Store: runner configurations under each installation's path, so an installation lists only
 * its own. A cloud without regions: keys read back carry no region. Not thread-safe; its cloud guards it.
 */
final class FakeParameters {

  private final Map<String, Sensitive> parameters = new TreeMap<>();

  void put(InstallationId owner, RunnerConfigKey key, Sensitive value) {
    parameters.put(name(owner, key), value);
  }

  void delete(InstallationId owner, RunnerConfigKey key) {
    parameters.remove(name(owner, key));
  }

  /** What the instance's bootstrap does: read its configuration and delete it. */
  Optional<Sensitive> take(InstallationId owner, RunnerConfigKey key) {
    return Optional.ofNullable(parameters.remove(name(owner, key)));
  }

  List<RunnerConfigKey> list(InstallationId owner) {
    String own = path(owner);
    return parameters.keySet().stream().filter(name -> name.startsWith(own)).map(FakeParameters::keyOf).toList();
  }

  /** Every installation's. */
  List<RunnerConfigKey> all() {
    return parameters.keySet().stream().map(FakeParameters::keyOf).toList();
  }

  void clear() {
    parameters.clear();
  }

  private static RunnerConfigKey keyOf(String parameterName) {
    String[] parts = parameterName.substring("/ec2runner/".length()).split("/");
    return new RunnerConfigKey(parts[1], parts[2], parts[3]);
  }

  private static String name(InstallationId owner, RunnerConfigKey key) {
    return path(owner) + key.namespace() + "/" + key.pool() + "/" + key.instanceId();
  }

  private static String path(InstallationId owner) {
    return "/ec2runner/" + owner.value() + "/";
  }
}
