package dev.ec2runner.operator.bootstrap;

import dev.ec2runner.api.v1alpha1.S3Distribution;

/** Where the S3 mirror keeps one runner archive. */
public record RunnerMirrorLocation(String bucket, String key, String region) {

  static final String DEFAULT_PREFIX = "actions-runner/";

  /** The archive's place in a pool's mirror; the bucket's region defaults to the pool's EC2 region. */
  public static RunnerMirrorLocation of(S3Distribution s3, String poolRegion, String filename) {
    String region = s3.getRegion() == null || s3.getRegion().isBlank() ? poolRegion : s3.getRegion();
    return new RunnerMirrorLocation(s3.getBucket(), prefix(s3) + filename, region);
  }

  /** The key prefix of a mirror's archives: empty, or ending in a slash. */
  public static String prefix(S3Distribution s3) {
    String prefix = s3.getPrefix() == null ? DEFAULT_PREFIX : s3.getPrefix();
    return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
