package dev.ec2runner.operator.cloud.aws;

/** Told about every request the AWS SDK sends (each attempt, retries included), for metrics and benchmarks. */
@FunctionalInterface
public interface AwsCallListener {

  /**
   * @param service the service's IAM prefix, e.g. {@code ec2}, {@code ssm}, {@code s3}
   * @param action the API action, e.g. {@code CreateFleet}
   */
  void onCall(String service, String action);
}
