package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/** The runner's EC2 instance and GitHub registration as last observed. */
public class RunnerStatus {

  @JsonPropertyDescription("Pending, Launching, Booting, Idle, Busy, Draining, Terminating or Failed.")
  @Pattern("^(Pending|Launching|Booting|Idle|Busy|Draining|Terminating|Failed)$")
  private String phase;

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("EC2 instance id.")
  private String instanceId;

  @JsonPropertyDescription("EC2 instance type.")
  private String instanceType;

  @JsonPropertyDescription("spot or on-demand.")
  private String capacityType;

  @JsonPropertyDescription("Availability zone of the instance.")
  private String availabilityZone;

  @JsonPropertyDescription("AWS region of the instance: the pool's spec.ec2.region when it was launched. Every call about the instance goes there, also after the pool moves to another region.")
  private String region;

  @JsonPropertyDescription("Private IPv4 address of the instance.")
  private String privateIp;

  @JsonPropertyDescription("Id of the runner's registration on GitHub.")
  private Long githubRunnerId;

  @JsonPropertyDescription("Name the runner registered under on GitHub.")
  private String githubRunnerName;

  @JsonPropertyDescription("The job the runner is running or ran.")
  private JobReference job;

  @JsonPropertyDescription("When the instance was launched (RFC 3339).")
  private String launchedAt;

  @JsonPropertyDescription("When the runner first appeared on GitHub (RFC 3339).")
  private String registeredAt;

  @JsonPropertyDescription("When the runner was first observed idle in its current idle spell (RFC 3339).")
  private String idleSince;

  @JsonPropertyDescription("When the runner was last observed busy (RFC 3339).")
  private String lastBusyAt;

  @JsonPropertyDescription("Human-readable detail about the current phase.")
  private String message;

  @JsonPropertyDescription("Launched, Registered and other conditions, in the standard Kubernetes shape.")
  private List<Condition> conditions;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public RunnerStatus withPhase(String phase) {
    this.phase = phase;
    return this;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public RunnerStatus withObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public RunnerStatus withInstanceId(String instanceId) {
    this.instanceId = instanceId;
    return this;
  }

  public String getInstanceType() {
    return instanceType;
  }

  public void setInstanceType(String instanceType) {
    this.instanceType = instanceType;
  }

  public RunnerStatus withInstanceType(String instanceType) {
    this.instanceType = instanceType;
    return this;
  }

  public String getCapacityType() {
    return capacityType;
  }

  public void setCapacityType(String capacityType) {
    this.capacityType = capacityType;
  }

  public RunnerStatus withCapacityType(String capacityType) {
    this.capacityType = capacityType;
    return this;
  }

  public String getAvailabilityZone() {
    return availabilityZone;
  }

  public void setAvailabilityZone(String availabilityZone) {
    this.availabilityZone = availabilityZone;
  }

  public RunnerStatus withAvailabilityZone(String availabilityZone) {
    this.availabilityZone = availabilityZone;
    return this;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public RunnerStatus withRegion(String region) {
    this.region = region;
    return this;
  }

  public String getPrivateIp() {
    return privateIp;
  }

  public void setPrivateIp(String privateIp) {
    this.privateIp = privateIp;
  }

  public RunnerStatus withPrivateIp(String privateIp) {
    this.privateIp = privateIp;
    return this;
  }

  public Long getGithubRunnerId() {
    return githubRunnerId;
  }

  public void setGithubRunnerId(Long githubRunnerId) {
    this.githubRunnerId = githubRunnerId;
  }

  public RunnerStatus withGithubRunnerId(Long githubRunnerId) {
    this.githubRunnerId = githubRunnerId;
    return this;
  }

  public String getGithubRunnerName() {
    return githubRunnerName;
  }

  public void setGithubRunnerName(String githubRunnerName) {
    this.githubRunnerName = githubRunnerName;
  }

  public RunnerStatus withGithubRunnerName(String githubRunnerName) {
    this.githubRunnerName = githubRunnerName;
    return this;
  }

  public JobReference getJob() {
    return job;
  }

  public void setJob(JobReference job) {
    this.job = job;
  }

  public RunnerStatus withJob(JobReference job) {
    this.job = job;
    return this;
  }

  public String getLaunchedAt() {
    return launchedAt;
  }

  public void setLaunchedAt(String launchedAt) {
    this.launchedAt = launchedAt;
  }

  public RunnerStatus withLaunchedAt(String launchedAt) {
    this.launchedAt = launchedAt;
    return this;
  }

  public String getRegisteredAt() {
    return registeredAt;
  }

  public void setRegisteredAt(String registeredAt) {
    this.registeredAt = registeredAt;
  }

  public RunnerStatus withRegisteredAt(String registeredAt) {
    this.registeredAt = registeredAt;
    return this;
  }

  public String getIdleSince() {
    return idleSince;
  }

  public void setIdleSince(String idleSince) {
    this.idleSince = idleSince;
  }

  public RunnerStatus withIdleSince(String idleSince) {
    this.idleSince = idleSince;
    return this;
  }

  public String getLastBusyAt() {
    return lastBusyAt;
  }

  public void setLastBusyAt(String lastBusyAt) {
    this.lastBusyAt = lastBusyAt;
  }

  public RunnerStatus withLastBusyAt(String lastBusyAt) {
    this.lastBusyAt = lastBusyAt;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public RunnerStatus withMessage(String message) {
    this.message = message;
    return this;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public RunnerStatus withConditions(List<Condition> conditions) {
    this.conditions = conditions;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerStatus)) {
      return false;
    }
    RunnerStatus that = (RunnerStatus) o;
    return Objects.equals(phase, that.phase)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(instanceId, that.instanceId)
        && Objects.equals(instanceType, that.instanceType)
        && Objects.equals(capacityType, that.capacityType)
        && Objects.equals(availabilityZone, that.availabilityZone)
        && Objects.equals(region, that.region)
        && Objects.equals(privateIp, that.privateIp)
        && Objects.equals(githubRunnerId, that.githubRunnerId)
        && Objects.equals(githubRunnerName, that.githubRunnerName)
        && Objects.equals(job, that.job)
        && Objects.equals(launchedAt, that.launchedAt)
        && Objects.equals(registeredAt, that.registeredAt)
        && Objects.equals(idleSince, that.idleSince)
        && Objects.equals(lastBusyAt, that.lastBusyAt)
        && Objects.equals(message, that.message)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, observedGeneration, instanceId, instanceType, capacityType, availabilityZone, region, privateIp,
        githubRunnerId, githubRunnerName, job, launchedAt, registeredAt, idleSince, lastBusyAt, message, conditions);
  }

  @Override
  public String toString() {
    return "RunnerStatus{" + "phase=" + phase + ", "
        + "observedGeneration=" + observedGeneration + ", "
        + "instanceId=" + instanceId + ", "
        + "instanceType=" + instanceType + ", "
        + "capacityType=" + capacityType + ", "
        + "availabilityZone=" + availabilityZone + ", "
        + "region=" + region + ", "
        + "privateIp=" + privateIp + ", "
        + "githubRunnerId=" + githubRunnerId + ", "
        + "githubRunnerName=" + githubRunnerName + ", "
        + "job=" + job + ", "
        + "launchedAt=" + launchedAt + ", "
        + "registeredAt=" + registeredAt + ", "
        + "idleSince=" + idleSince + ", "
        + "lastBusyAt=" + lastBusyAt + ", "
        + "message=" + message + ", "
        + "conditions=" + conditions + "}";
  }
}
