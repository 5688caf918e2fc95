package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** The machine image, by id, by SSM parameter or by name filter. */
@ValidationRule(value = "[has(self.id), has(self.ssmParameter), has(self.name)].filter(x, x).size() == 1",
    message = "exactly one of id, ssmParameter and name must be set")
@ValidationRule(value = "!has(self.owner) || has(self.name)", message = "owner applies only with name")
public class AmiSelector {

  @JsonPropertyDescription("AMI id.")
  @Pattern("^ami-[0-9a-f]{8,17}$")
  private String id;

  @JsonPropertyDescription("SSM parameter that holds an AMI id, e.g. /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64.")
  @Pattern("^/[A-Za-z0-9_.\\-/]+$")
  private String ssmParameter;

  @JsonPropertyDescription("AMI name filter (wildcards allowed); the newest match is used.")
  @Size(min = 1, max = 128)
  private String name;

  @JsonPropertyDescription("Owner of the AMI named by name: an account id, self or amazon. Default: self.")
  @Size(min = 1, max = 64)
  private String owner;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public AmiSelector withId(String id) {
    this.id = id;
    return this;
  }

  public String getSsmParameter() {
    return ssmParameter;
  }

  public void setSsmParameter(String ssmParameter) {
    this.ssmParameter = ssmParameter;
  }

  public AmiSelector withSsmParameter(String ssmParameter) {
    this.ssmParameter = ssmParameter;
    return this;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public AmiSelector withName(String name) {
    this.name = name;
    return this;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public AmiSelector withOwner(String owner) {
    this.owner = owner;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AmiSelector)) {
      return false;
    }
    AmiSelector that = (AmiSelector) o;
    return Objects.equals(id, that.id)
        && Objects.equals(ssmParameter, that.ssmParameter)
        && Objects.equals(name, that.name)
        && Objects.equals(owner, that.owner);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, ssmParameter, name, owner);
  }

  @Override
  public String toString() {
    return "AmiSelector{" + "id=" + id + ", "
        + "ssmParameter=" + ssmParameter + ", "
        + "name=" + name + ", "
        + "owner=" + owner + "}";
  }
}
