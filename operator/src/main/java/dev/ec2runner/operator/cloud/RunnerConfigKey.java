package dev.ec2runner.operator.cloud;

/** Identifies the stored runner configuration of one instance. */
public record RunnerConfigKey(String namespace, String pool, String instanceId) {
}
