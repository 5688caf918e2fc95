package dev.ec2runner.operator.cloud.aws;

/** A RunnerPool by namespace and name. */
public record PoolRef(String namespace, String pool) {
}
