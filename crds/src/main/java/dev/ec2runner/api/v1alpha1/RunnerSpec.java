package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** A snapshot of the pool's intent for one runner, taken at creation. */
public class RunnerSpec {

  @JsonPropertyDescription("Name of the owning RunnerPool.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String pool;

  @JsonPropertyDescription("Capacity types to try, in order.")
  @Size(min = 1, max = 2)
  @ValidationRule(value = "self.all(c, c == 'spot' || c == 'on-demand')", message = "capacity types are spot or on-demand")
  private List<String> capacityTypes;

  @JsonPropertyDescription("Custom runner labels registered with GitHub.")
  private List<String> labels;

  @JsonPropertyDescription("One job, then the instance terminates.")
  @Default("true")
  private Boolean ephemeral;

  public String getPool() {
    return pool;
  }

  public void setPool(String pool) {
    this.pool = pool;
  }

  public RunnerSpec withPool(String pool) {
    this.pool = pool;
    return this;
  }

  public List<String> getCapacityTypes() {
    return capacityTypes;
  }

  public void setCapacityTypes(List<String> capacityTypes) {
    this.capacityTypes = capacityTypes;
  }

  public RunnerSpec withCapacityTypes(List<String> capacityTypes) {
    this.capacityTypes = capacityTypes;
    return this;
  }

  public List<String> getLabels() {
    return labels;
  }

  public void setLabels(List<String> labels) {
    this.labels = labels;
  }

  public RunnerSpec withLabels(List<String> labels) {
    this.labels = labels;
    return this;
  }

  public Boolean getEphemeral() {
    return ephemeral;
  }

  public void setEphemeral(Boolean ephemeral) {
    this.ephemeral = ephemeral;
  }

  public RunnerSpec withEphemeral(Boolean ephemeral) {
    this.ephemeral = ephemeral;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerSpec)) {
      return false;
    }
    RunnerSpec that = (RunnerSpec) o;
    return Objects.equals(pool, that.pool)
        && Objects.equals(capacityTypes, that.capacityTypes)
        && Objects.equals(labels, that.labels)
        && Objects.equals(ephemeral, that.ephemeral);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pool, capacityTypes, labels, ephemeral);
  }

  @Override
  public String toString() {
    return "RunnerSpec{" + "pool=" + pool + ", "
        + "capacityTypes=" + capacityTypes + ", "
        + "labels=" + labels + ", "
        + "ephemeral=" + ephemeral + "}";
  }
}
