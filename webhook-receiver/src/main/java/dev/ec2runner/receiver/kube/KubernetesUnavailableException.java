package dev.ec2runner.receiver.kube;

/** The Kubernetes API could not store a write now; a later redelivery may succeed. */
public final class KubernetesUnavailableException extends RuntimeException {

  public KubernetesUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
