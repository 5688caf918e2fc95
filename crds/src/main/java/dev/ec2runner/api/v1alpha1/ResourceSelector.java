package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.Objects;

/** An EC2 resource by id, or all resources whose tags match. */
@ValidationRule(value = "has(self.id) != has(self.tags)", message = "exactly one of id and tags must be set")
public class ResourceSelector {

  @JsonPropertyDescription("Resource id (subnet-… or sg-…).")
  @Pattern("^(subnet|sg)-[0-9a-f]{8,17}$")
  private String id;

  @JsonPropertyDescription("Tags the resources must all carry; a value of * matches any value.")
  private Map<String, String> tags;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public ResourceSelector withId(String id) {
    this.id = id;
    return this;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public ResourceSelector withTags(Map<String, String> tags) {
    this.tags = tags;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ResourceSelector)) {
      return false;
    }
    ResourceSelector that = (ResourceSelector) o;
    return Objects.equals(id, that.id)
        && Objects.equals(tags, that.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, tags);
  }

  @Override
  public String toString() {
    return "ResourceSelector{" + "id=" + id + ", "
        + "tags=" + tags + "}";
  }
}
