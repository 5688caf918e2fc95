package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** An S3 bucket the operator keeps a copy of the runner binaries in. */
public class S3Distribution {

  @JsonPropertyDescription("Bucket the runner archives are mirrored to.")
  @Required
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  private String bucket;

  @JsonPropertyDescription("Key prefix of the mirrored archives.")
  @Default("actions-runner/")
  private String prefix;

  @JsonPropertyDescription("Bucket region. Default: the pool's EC2 region.")
  private String region;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public S3Distribution withBucket(String bucket) {
    this.bucket = bucket;
    return this;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public S3Distribution withPrefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public S3Distribution withRegion(String region) {
    this.region = region;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof S3Distribution)) {
      return false;
    }
    S3Distribution that = (S3Distribution) o;
    return Objects.equals(bucket, that.bucket)
        && Objects.equals(prefix, that.prefix)
        && Objects.equals(region, that.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucket, prefix, region);
  }

  @Override
  public String toString() {
    return "S3Distribution{" + "bucket=" + bucket + ", "
        + "prefix=" + prefix + ", "
        + "region=" + region + "}";
  }
}
