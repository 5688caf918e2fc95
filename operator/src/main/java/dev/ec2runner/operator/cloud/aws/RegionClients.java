package dev.ec2runner.operator.cloud.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The AWS clients of one region. */
public record RegionClients(String region, Ec2Client ec2, SsmClient ssm, S3Client s3) implements AutoCloseable {

  @Override
  public void close() {
    ec2.close();
    ssm.close();
    s3.close();
  }
}
