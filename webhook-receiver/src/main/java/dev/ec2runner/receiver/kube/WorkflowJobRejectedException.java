package dev.ec2runner.receiver.kube;

/** The Kubernetes API refused a WorkflowJob as invalid; retrying the same delivery cannot succeed. */
public final class WorkflowJobRejectedException extends RuntimeException {

  public WorkflowJobRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
