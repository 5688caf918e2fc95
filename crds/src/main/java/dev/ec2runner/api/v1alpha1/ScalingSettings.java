package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** How many runners the pool runs and when it removes them. */
@ValidationRule(value = "!has(self.minIdle) || self.minIdle <= self.maxRunners", message = "minIdle must not exceed maxRunners")
@ValidationRule(value = "!has(self.idleSchedules) || self.idleSchedules.all(s, s.count <= self.maxRunners)",
    message = "an idle schedule's count must not exceed maxRunners")
public class ScalingSettings {

  @JsonPropertyDescription("Hard cap on the pool's runners, whatever their phase. 0 pauses the pool.")
  @Required
  @Min(0)
  @Max(10000)
  private Integer maxRunners;

  @JsonPropertyDescription("Idle runners to keep ready at all times.")
  @Default("0")
  @Min(0)
  private Integer minIdle;

  @JsonPropertyDescription("Windows with a higher idle target (warm pools in working hours); the largest active count wins. Default: none.")
  @Size(max = 32)
  private List<IdleSchedule> idleSchedules;

  @JsonPropertyDescription("How long a queued job waits before it counts as demand. Idle runners are counted exactly, so no delay is needed.")
  @Default("0s")
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String scaleUpDelay;

  @JsonPropertyDescription("An idle runner is not removed before it has run this long.")
  @Default("5m")
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String minimumRunningTime;

  @JsonPropertyDescription("An idle runner above the idle target is removed after being idle this long.")
  @Default("5m")
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String idleTimeout;

  @JsonPropertyDescription("A runner not registered with GitHub this long after launch is replaced.")
  @Default("10m")
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String bootTimeout;

  @JsonPropertyDescription("A queued job stops counting as demand once the pool has had an idle runner for this long while the job waited: GitHub would have given it that runner if it could (for example the repository may not use the pool's runner group), so counting it would only keep idle runners. The job gets a Warning Event and the phase Unassigned.")
  @Default("10m")
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String unassignedDemandTimeout;

  public Integer getMaxRunners() {
    return maxRunners;
  }

  public void setMaxRunners(Integer maxRunners) {
    this.maxRunners = maxRunners;
  }

  public ScalingSettings withMaxRunners(Integer maxRunners) {
    this.maxRunners = maxRunners;
    return this;
  }

  public Integer getMinIdle() {
    return minIdle;
  }

  public void setMinIdle(Integer minIdle) {
    this.minIdle = minIdle;
  }

  public ScalingSettings withMinIdle(Integer minIdle) {
    this.minIdle = minIdle;
    return this;
  }

  public List<IdleSchedule> getIdleSchedules() {
    return idleSchedules;
  }

  public void setIdleSchedules(List<IdleSchedule> idleSchedules) {
    this.idleSchedules = idleSchedules;
  }

  public ScalingSettings withIdleSchedules(List<IdleSchedule> idleSchedules) {
    this.idleSchedules = idleSchedules;
    return this;
  }

  public String getScaleUpDelay() {
    return scaleUpDelay;
  }

  public void setScaleUpDelay(String scaleUpDelay) {
    this.scaleUpDelay = scaleUpDelay;
  }

  public ScalingSettings withScaleUpDelay(String scaleUpDelay) {
    this.scaleUpDelay = scaleUpDelay;
    return this;
  }

  public String getMinimumRunningTime() {
    return minimumRunningTime;
  }

  public void setMinimumRunningTime(String minimumRunningTime) {
    this.minimumRunningTime = minimumRunningTime;
  }

  public ScalingSettings withMinimumRunningTime(String minimumRunningTime) {
    this.minimumRunningTime = minimumRunningTime;
    return this;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public ScalingSettings withIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  public String getBootTimeout() {
    return bootTimeout;
  }

  public void setBootTimeout(String bootTimeout) {
    this.bootTimeout = bootTimeout;
  }

  public ScalingSettings withBootTimeout(String bootTimeout) {
    this.bootTimeout = bootTimeout;
    return this;
  }

  public String getUnassignedDemandTimeout() {
    return unassignedDemandTimeout;
  }

  public void setUnassignedDemandTimeout(String unassignedDemandTimeout) {
    this.unassignedDemandTimeout = unassignedDemandTimeout;
  }

  public ScalingSettings withUnassignedDemandTimeout(String unassignedDemandTimeout) {
    this.unassignedDemandTimeout = unassignedDemandTimeout;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ScalingSettings)) {
      return false;
    }
    ScalingSettings that = (ScalingSettings) o;
    return Objects.equals(maxRunners, that.maxRunners)
        && Objects.equals(minIdle, that.minIdle)
        && Objects.equals(idleSchedules, that.idleSchedules)
        && Objects.equals(scaleUpDelay, that.scaleUpDelay)
        && Objects.equals(minimumRunningTime, that.minimumRunningTime)
        && Objects.equals(idleTimeout, that.idleTimeout)
        && Objects.equals(bootTimeout, that.bootTimeout)
        && Objects.equals(unassignedDemandTimeout, that.unassignedDemandTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRunners, minIdle, idleSchedules, scaleUpDelay, minimumRunningTime, idleTimeout, bootTimeout,
        unassignedDemandTimeout);
  }

  @Override
  public String toString() {
    return "ScalingSettings{" + "maxRunners=" + maxRunners + ", "
        + "minIdle=" + minIdle + ", "
        + "idleSchedules=" + idleSchedules + ", "
        + "scaleUpDelay=" + scaleUpDelay + ", "
        + "minimumRunningTime=" + minimumRunningTime + ", "
        + "idleTimeout=" + idleTimeout + ", "
        + "bootTimeout=" + bootTimeout + ", unassignedDemandTimeout=" + unassignedDemandTimeout + "}";
  }
}
