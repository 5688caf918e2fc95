package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** What GitHub said about a job that wants a self-hosted runner. */
public class WorkflowJobSpec {

  @JsonPropertyDescription("Workflow job id (or check run id for check_run events).")
  @Required
  @Min(1)
  private Long jobId;

  @JsonPropertyDescription("Workflow run id.")
  private Long runId;

  @JsonPropertyDescription("Attempt number of the run.")
  private Integer runAttempt;

  @JsonPropertyDescription("Job name.")
  private String name;

  @JsonPropertyDescription("Workflow name.")
  private String workflowName;

  @JsonPropertyDescription("Repository (owner/name).")
  @Required
  @Pattern("^[^/\\s]+/[^/\\s]+$")
  private String repository;

  @JsonPropertyDescription("Organization login, when the repository belongs to one.")
  private String organization;

  @JsonPropertyDescription("Enterprise slug, when GitHub reported one.")
  private String enterprise;

  @JsonPropertyDescription("The job's runs-on labels (at most 100: GitHub registers a runner with no more, so a job "
      + "asking for more can never run).")
  @Size(max = 100)
  private List<String> labels;

  @JsonPropertyDescription("GitHub App installation that delivered the event.")
  private Long installationId;

  @JsonPropertyDescription("Event the job came from: workflow_job or check_run.")
  @Required
  @Pattern("^(workflow_job|check_run)$")
  private String source;

  @JsonPropertyDescription("queued, waiting, in_progress or completed; never moves backwards.")
  @Required
  @Pattern("^(queued|waiting|in_progress|completed)$")
  private String state;

  @JsonPropertyDescription("Name of the runner GitHub assigned the job to.")
  private String runnerName;

  @JsonPropertyDescription("Id of the runner GitHub assigned the job to.")
  private Long runnerId;

  @JsonPropertyDescription("When the job was queued (RFC 3339).")
  private String queuedAt;

  @JsonPropertyDescription("When a runner started the job (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the job completed (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("success, failure, cancelled, skipped and so on, once completed.")
  private String conclusion;

  @JsonPropertyDescription("X-GitHub-Delivery of the last webhook that changed this object.")
  private String deliveryId;

  public Long getJobId() {
    return jobId;
  }

  public void setJobId(Long jobId) {
    this.jobId = jobId;
  }

  public WorkflowJobSpec withJobId(Long jobId) {
    this.jobId = jobId;
    return this;
  }

  public Long getRunId() {
    return runId;
  }

  public void setRunId(Long runId) {
    this.runId = runId;
  }

  public WorkflowJobSpec withRunId(Long runId) {
    this.runId = runId;
    return this;
  }

  public Integer getRunAttempt() {
    return runAttempt;
  }

  public void setRunAttempt(Integer runAttempt) {
    this.runAttempt = runAttempt;
  }

  public WorkflowJobSpec withRunAttempt(Integer runAttempt) {
    this.runAttempt = runAttempt;
    return this;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public WorkflowJobSpec withName(String name) {
    this.name = name;
    return this;
  }

  public String getWorkflowName() {
    return workflowName;
  }

  public void setWorkflowName(String workflowName) {
    this.workflowName = workflowName;
  }

  public WorkflowJobSpec withWorkflowName(String workflowName) {
    this.workflowName = workflowName;
    return this;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public WorkflowJobSpec withRepository(String repository) {
    this.repository = repository;
    return this;
  }

  public String getOrganization() {
    return organization;
  }

  public void setOrganization(String organization) {
    this.organization = organization;
  }

  public WorkflowJobSpec withOrganization(String organization) {
    this.organization = organization;
    return this;
  }

  public String getEnterprise() {
    return enterprise;
  }

  public void setEnterprise(String enterprise) {
    this.enterprise = enterprise;
  }

  public WorkflowJobSpec withEnterprise(String enterprise) {
    this.enterprise = enterprise;
    return this;
  }

  public List<String> getLabels() {
    return labels;
  }

  public void setLabels(List<String> labels) {
    this.labels = labels;
  }

  public WorkflowJobSpec withLabels(List<String> labels) {
    this.labels = labels;
    return this;
  }

  public Long getInstallationId() {
    return installationId;
  }

  public void setInstallationId(Long installationId) {
    this.installationId = installationId;
  }

  public WorkflowJobSpec withInstallationId(Long installationId) {
    this.installationId = installationId;
    return this;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public WorkflowJobSpec withSource(String source) {
    this.source = source;
    return this;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public WorkflowJobSpec withState(String state) {
    this.state = state;
    return this;
  }

  public String getRunnerName() {
    return runnerName;
  }

  public void setRunnerName(String runnerName) {
    this.runnerName = runnerName;
  }

  public WorkflowJobSpec withRunnerName(String runnerName) {
    this.runnerName = runnerName;
    return this;
  }

  public Long getRunnerId() {
    return runnerId;
  }

  public void setRunnerId(Long runnerId) {
    this.runnerId = runnerId;
  }

  public WorkflowJobSpec withRunnerId(Long runnerId) {
    this.runnerId = runnerId;
    return this;
  }

  public String getQueuedAt() {
    return queuedAt;
  }

  public void setQueuedAt(String queuedAt) {
    this.queuedAt = queuedAt;
  }

  public WorkflowJobSpec withQueuedAt(String queuedAt) {
    this.queuedAt = queuedAt;
    return this;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public WorkflowJobSpec withStartedAt(String startedAt) {
    this.startedAt = startedAt;
    return this;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public WorkflowJobSpec withCompletedAt(String completedAt) {
    this.completedAt = completedAt;
    return this;
  }

  public String getConclusion() {
    return conclusion;
  }

  public void setConclusion(String conclusion) {
    this.conclusion = conclusion;
  }

  public WorkflowJobSpec withConclusion(String conclusion) {
    this.conclusion = conclusion;
    return this;
  }

  public String getDeliveryId() {
    return deliveryId;
  }

  public void setDeliveryId(String deliveryId) {
    this.deliveryId = deliveryId;
  }

  public WorkflowJobSpec withDeliveryId(String deliveryId) {
    this.deliveryId = deliveryId;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WorkflowJobSpec)) {
      return false;
    }
    WorkflowJobSpec that = (WorkflowJobSpec) o;
    return Objects.equals(jobId, that.jobId)
        && Objects.equals(runId, that.runId)
        && Objects.equals(runAttempt, that.runAttempt)
        && Objects.equals(name, that.name)
        && Objects.equals(workflowName, that.workflowName)
        && Objects.equals(repository, that.repository)
        && Objects.equals(organization, that.organization)
        && Objects.equals(enterprise, that.enterprise)
        && Objects.equals(labels, that.labels)
        && Objects.equals(installationId, that.installationId)
        && Objects.equals(source, that.source)
        && Objects.equals(state, that.state)
        && Objects.equals(runnerName, that.runnerName)
        && Objects.equals(runnerId, that.runnerId)
        && Objects.equals(queuedAt, that.queuedAt)
        && Objects.equals(startedAt, that.startedAt)
        && Objects.equals(completedAt, that.completedAt)
        && Objects.equals(conclusion, that.conclusion)
        && Objects.equals(deliveryId, that.deliveryId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, runId, runAttempt, name, workflowName, repository, organization, enterprise, labels, installationId, source, state, runnerName, runnerId, queuedAt, startedAt, completedAt, conclusion, deliveryId);
  }

  @Override
  public String toString() {
    return "WorkflowJobSpec{" + "jobId=" + jobId + ", "
        + "runId=" + runId + ", "
        + "runAttempt=" + runAttempt + ", "
        + "name=" + name + ", "
        + "workflowName=" + workflowName + ", "
        + "repository=" + repository + ", "
        + "organization=" + organization + ", "
        + "enterprise=" + enterprise + ", "
        + "labels=" + labels + ", "
        + "installationId=" + installationId + ", "
        + "source=" + source + ", "
        + "state=" + state + ", "
        + "runnerName=" + runnerName + ", "
        + "runnerId=" + runnerId + ", "
        + "queuedAt=" + queuedAt + ", "
        + "startedAt=" + startedAt + ", "
        + "completedAt=" + completedAt + ", "
        + "conclusion=" + conclusion + ", "
        + "deliveryId=" + deliveryId + "}";
  }
}
