package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;
import java.util.Objects;

/** What the operator observed and decided for the pool. */
public class RunnerPoolStatus {

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, GitHubReachable, LaunchFailing, AtCapacity and others, in the standard Kubernetes shape.")
  private List<Condition> conditions;

  @JsonPropertyDescription("The GitHub scope as shown by kubectl: an organization, owner/repository or enterprise:slug.")
  private String scope;

  @JsonPropertyDescription("Runners that count against maxRunners.")
  private Integer runners;

  @JsonPropertyDescription("Runners launched but not yet registered.")
  private Integer booting;

  @JsonPropertyDescription("Registered runners without a job.")
  private Integer idle;

  @JsonPropertyDescription("Runners running a job.")
  private Integer busy;

  @JsonPropertyDescription("Queued jobs matched to the pool and not yet started.")
  private Integer pendingJobs;

  @JsonPropertyDescription("Runners that count against maxRunners (scale subresource).")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("Label selector of the pool's Runners (scale subresource).")
  @LabelSelector
  private String selector;

  @JsonPropertyDescription("When the pool last created a Runner (RFC 3339).")
  private String lastScaleUpTime;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public RunnerPoolStatus withObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public RunnerPoolStatus withConditions(List<Condition> conditions) {
    this.conditions = conditions;
    return this;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public RunnerPoolStatus withScope(String scope) {
    this.scope = scope;
    return this;
  }

  public Integer getRunners() {
    return runners;
  }

  public void setRunners(Integer runners) {
    this.runners = runners;
  }

  public RunnerPoolStatus withRunners(Integer runners) {
    this.runners = runners;
    return this;
  }

  public Integer getBooting() {
    return booting;
  }

  public void setBooting(Integer booting) {
    this.booting = booting;
  }

  public RunnerPoolStatus withBooting(Integer booting) {
    this.booting = booting;
    return this;
  }

  public Integer getIdle() {
    return idle;
  }

  public void setIdle(Integer idle) {
    this.idle = idle;
  }

  public RunnerPoolStatus withIdle(Integer idle) {
    this.idle = idle;
    return this;
  }

  public Integer getBusy() {
    return busy;
  }

  public void setBusy(Integer busy) {
    this.busy = busy;
  }

  public RunnerPoolStatus withBusy(Integer busy) {
    this.busy = busy;
    return this;
  }

  public Integer getPendingJobs() {
    return pendingJobs;
  }

  public void setPendingJobs(Integer pendingJobs) {
    this.pendingJobs = pendingJobs;
  }

  public RunnerPoolStatus withPendingJobs(Integer pendingJobs) {
    this.pendingJobs = pendingJobs;
    return this;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public RunnerPoolStatus withReplicas(Integer replicas) {
    this.replicas = replicas;
    return this;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public RunnerPoolStatus withSelector(String selector) {
    this.selector = selector;
    return this;
  }

  public String getLastScaleUpTime() {
    return lastScaleUpTime;
  }

  public void setLastScaleUpTime(String lastScaleUpTime) {
    this.lastScaleUpTime = lastScaleUpTime;
  }

  public RunnerPoolStatus withLastScaleUpTime(String lastScaleUpTime) {
    this.lastScaleUpTime = lastScaleUpTime;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerPoolStatus)) {
      return false;
    }
    RunnerPoolStatus that = (RunnerPoolStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(scope, that.scope)
        && Objects.equals(runners, that.runners)
        && Objects.equals(booting, that.booting)
        && Objects.equals(idle, that.idle)
        && Objects.equals(busy, that.busy)
        && Objects.equals(pendingJobs, that.pendingJobs)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(selector, that.selector)
        && Objects.equals(lastScaleUpTime, that.lastScaleUpTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, scope, runners, booting, idle, busy, pendingJobs, replicas, selector, lastScaleUpTime);
  }

  @Override
  public String toString() {
    return "RunnerPoolStatus{" + "observedGeneration=" + observedGeneration + ", "
        + "conditions=" + conditions + ", "
        + "scope=" + scope + ", "
        + "runners=" + runners + ", "
        + "booting=" + booting + ", "
        + "idle=" + idle + ", "
        + "busy=" + busy + ", "
        + "pendingJobs=" + pendingJobs + ", "
        + "replicas=" + replicas + ", "
        + "selector=" + selector + ", "
        + "lastScaleUpTime=" + lastScaleUpTime + "}";
  }
}
