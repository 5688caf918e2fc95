package dev.ec2runner.operator.bootstrap;

import dev.ec2runner.api.v1alpha1.S3Distribution;

/** Where the S3 mirror keeps one runner archive. */
public record RunnerMirrorLocation(String bucket, String key, String region) {

  static final String DEFAULT_PREFIX = "actions-runner/";

  /** The archive's place in a pool's mirror; the bucket's region defaults to the pool's EC2 region. */
  public static RunnerMirrorLocation of(S3Distribution s3, String poolRegion, String filename) {
    String prefix = s3.getPrefix() == null ? DEFAULT_PREFIX : s3.getPrefix();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    String region = s3.getRegion() == null || s3.getRegion().isBlank() ? poolRegion : s3.getRegion();
    return new RunnerMirrorLocation(s3.getBucket(), prefix + filename, region);
  }

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
