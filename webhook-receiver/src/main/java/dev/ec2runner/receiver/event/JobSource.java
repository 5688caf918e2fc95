package dev.ec2runner.receiver.event;

/** The webhook event a job was reported by. */
public enum JobSource {
  WORKFLOW_JOB("workflow_job"),
  CHECK_RUN("check_run");

  private final String wireName;

  JobSource(String wireName) {
    this.wireName = wireName;
  }

  /** The X-GitHub-Event name, which WorkflowJob's spec.source stores. */
  public String wireName() {
    return wireName;
  }
}
