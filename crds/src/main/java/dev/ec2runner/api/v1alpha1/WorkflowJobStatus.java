package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/** What the operator decided for the job. */
public class WorkflowJobStatus {

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("RunnerPool the job was matched to.")
  private String pool;

  @JsonPropertyDescription("Pending (waiting for a runner), Unmatched (no pool serves it), Unassigned (still queued, but GitHub left it beside an idle runner of the pool past unassignedDemandTimeout, or the repository may not use the pool's runner group: it no longer counts as demand; the message says why), Running, Completed, Cancelled or Failed.")
  @Pattern("^(Pending|Unmatched|Unassigned|Running|Completed|Cancelled|Failed)$")
  private String phase;

  @JsonPropertyDescription("Runner that served the job.")
  private String runner;

  @JsonPropertyDescription("Time from queued to started, e.g. 14s.")
  private String waited;

  @JsonPropertyDescription("Human-readable detail.")
  private String message;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public WorkflowJobStatus withObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }

  public String getPool() {
    return pool;
  }

  public void setPool(String pool) {
    this.pool = pool;
  }

  public WorkflowJobStatus withPool(String pool) {
    this.pool = pool;
    return this;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public WorkflowJobStatus withPhase(String phase) {
    this.phase = phase;
    return this;
  }

  public String getRunner() {
    return runner;
  }

  public void setRunner(String runner) {
    this.runner = runner;
  }

  public WorkflowJobStatus withRunner(String runner) {
    this.runner = runner;
    return this;
  }

  public String getWaited() {
    return waited;
  }

  public void setWaited(String waited) {
    this.waited = waited;
  }

  public WorkflowJobStatus withWaited(String waited) {
    this.waited = waited;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public WorkflowJobStatus withMessage(String message) {
    this.message = message;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WorkflowJobStatus)) {
      return false;
    }
    WorkflowJobStatus that = (WorkflowJobStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(pool, that.pool)
        && Objects.equals(phase, that.phase)
        && Objects.equals(runner, that.runner)
        && Objects.equals(waited, that.waited)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, pool, phase, runner, waited, message);
  }

  @Override
  public String toString() {
    return "WorkflowJobStatus{" + "observedGeneration=" + observedGeneration + ", "
        + "pool=" + pool + ", "
        + "phase=" + phase + ", "
        + "runner=" + runner + ", "
        + "waited=" + waited + ", "
        + "message=" + message + "}";
  }
}
