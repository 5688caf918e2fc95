package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Instance metadata service settings. */
public class MetadataOptions {

  @JsonPropertyDescription("IMDSv2 session tokens; always required (the only value accepted). IMDSv1 (optional) would let a request forgery in a job read the instance role's credentials with a plain GET.")
  @Default("required")
  @ValidationRule(value = "self == 'required'", message = "httpTokens must be required: the operator always launches with IMDSv2, because IMDSv1 (optional) lets a request forgery in a job read the instance role's credentials; remove the field or set it to required")
  private String httpTokens;

  @JsonPropertyDescription("Hop limit for metadata PUT responses. 1 (the default) keeps the metadata service, and with it the instance role's credentials, out of reach of containers (a container's network is one hop further); 2 lets job containers reach it, which only matters with spec.runner.dockerAccess.")
  @Default("1")
  @Min(1)
  @Max(64)
  private Integer httpPutResponseHopLimit;

  @JsonPropertyDescription("Expose instance tags through the metadata service.")
  @Default("disabled")
  @Pattern("^(enabled|disabled)$")
  private String instanceMetadataTags;

  public String getHttpTokens() {
    return httpTokens;
  }

  public void setHttpTokens(String httpTokens) {
    this.httpTokens = httpTokens;
  }

  public MetadataOptions withHttpTokens(String httpTokens) {
    this.httpTokens = httpTokens;
    return this;
  }

  public Integer getHttpPutResponseHopLimit() {
    return httpPutResponseHopLimit;
  }

  public void setHttpPutResponseHopLimit(Integer httpPutResponseHopLimit) {
    this.httpPutResponseHopLimit = httpPutResponseHopLimit;
  }

  public MetadataOptions withHttpPutResponseHopLimit(Integer httpPutResponseHopLimit) {
    this.httpPutResponseHopLimit = httpPutResponseHopLimit;
    return this;
  }

  public String getInstanceMetadataTags() {
    return instanceMetadataTags;
  }

  public void setInstanceMetadataTags(String instanceMetadataTags) {
    this.instanceMetadataTags = instanceMetadataTags;
  }

  public MetadataOptions withInstanceMetadataTags(String instanceMetadataTags) {
    this.instanceMetadataTags = instanceMetadataTags;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MetadataOptions)) {
      return false;
    }
    MetadataOptions that = (MetadataOptions) o;
    return Objects.equals(httpTokens, that.httpTokens)
        && Objects.equals(httpPutResponseHopLimit, that.httpPutResponseHopLimit)
        && Objects.equals(instanceMetadataTags, that.instanceMetadataTags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(httpTokens, httpPutResponseHopLimit, instanceMetadataTags);
  }

  @Override
  public String toString() {
    return "MetadataOptions{" + "httpTokens=" + httpTokens + ", "
        + "httpPutResponseHopLimit=" + httpPutResponseHopLimit + ", "
        + "instanceMetadataTags=" + instanceMetadataTags + "}";
  }
}
