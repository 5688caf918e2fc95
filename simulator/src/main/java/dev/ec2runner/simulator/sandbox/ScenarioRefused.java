package dev.ec2runner.simulator.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/** A scenario the sandbox cannot run as written, found once Kubernetes judged it; the message is one line. */
public final class ScenarioRefused extends RuntimeException {

  private static final String INVALID = " is invalid: ";

  ScenarioRefused(String message) {
    super(message.lines().findFirst().orElse(message));
  }

  /**
   * What the API server said, without fabric8's request details around it. Of an invalid object's causes only
   * those naming a field are kept: the server adds one without a field when an invalid object kept its CEL rules
   * from being evaluated, which tells a scenario's author nothing to fix.
   */
  static String serverMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status == null || status.getMessage() == null || status.getMessage().isBlank()) {
      return e.getMessage() == null ? "refused with HTTP " + e.getCode() : e.getMessage();
    }
    String message = status.getMessage();
    List<StatusCause> causes = status.getDetails() == null || status.getDetails().getCauses() == null ? List.of()
        : status.getDetails().getCauses();
    List<String> fields = causes.stream().filter(ScenarioRefused::namesAField)
        .map(cause -> cause.getField() + ": " + cause.getMessage()).toList();
    if (!message.contains(INVALID) || fields.isEmpty()) {
      return message;
    }
    return message.substring(0, message.indexOf(INVALID) + INVALID.length()) + String.join(", ", fields);
  }

  private static boolean namesAField(StatusCause cause) {
    return cause.getField() != null && !cause.getField().isBlank() && !cause.getField().equals("<nil>");
  }
}
