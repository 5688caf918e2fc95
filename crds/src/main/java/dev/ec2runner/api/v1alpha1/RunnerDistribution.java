package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Where instances download the runner from. */
@ValidationRule(value = "!has(self.source) || self.source != 's3' || has(self.s3)", message = "s3 is required when source is s3")
public class RunnerDistribution {

  @JsonPropertyDescription("github: the URL and SHA-256 that GitHub's runners/downloads endpoint returns; s3: a mirror the operator keeps in sync.")
  @Default("github")
  @Pattern("^(github|s3)$")
  private String source;

  @JsonPropertyDescription("The S3 mirror; required when source is s3.")
  private S3Distribution s3;

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public RunnerDistribution withSource(String source) {
    this.source = source;
    return this;
  }

  public S3Distribution getS3() {
    return s3;
  }

  public void setS3(S3Distribution s3) {
    this.s3 = s3;
  }

  public RunnerDistribution withS3(S3Distribution s3) {
    this.s3 = s3;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerDistribution)) {
      return false;
    }
    RunnerDistribution that = (RunnerDistribution) o;
    return Objects.equals(source, that.source)
        && Objects.equals(s3, that.s3);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, s3);
  }

  @Override
  public String toString() {
    return "RunnerDistribution{" + "source=" + source + ", "
        + "s3=" + s3 + "}";
  }
}
