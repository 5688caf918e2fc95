package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The GitHub job a runner is running or ran. */
public class JobReference {

  @JsonPropertyDescription("Repository (owner/name).")
  private String repository;

  @JsonPropertyDescription("Workflow run id.")
  private Long runId;

  @JsonPropertyDescription("Workflow job id.")
  private Long jobId;

  @JsonPropertyDescription("Job name.")
  private String name;

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public JobReference withRepository(String repository) {
    this.repository = repository;
    return this;
  }

  public Long getRunId() {
    return runId;
  }

  public void setRunId(Long runId) {
    this.runId = runId;
  }

  public JobReference withRunId(Long runId) {
    this.runId = runId;
    return this;
  }

  public Long getJobId() {
    return jobId;
  }

  public void setJobId(Long jobId) {
    this.jobId = jobId;
  }

  public JobReference withJobId(Long jobId) {
    this.jobId = jobId;
    return this;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public JobReference withName(String name) {
    this.name = name;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof JobReference)) {
      return false;
    }
    JobReference that = (JobReference) o;
    return Objects.equals(repository, that.repository)
        && Objects.equals(runId, that.runId)
        && Objects.equals(jobId, that.jobId)
        && Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, runId, jobId, name);
  }

  @Override
  public String toString() {
    return "JobReference{" + "repository=" + repository + ", "
        + "runId=" + runId + ", "
        + "jobId=" + jobId + ", "
        + "name=" + name + "}";
  }
}
