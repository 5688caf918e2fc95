package dev.ec2runner.simulator.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** HTTP answers in the API server's shape: JSON bodies and {@code Status} objects for errors. */
final class ApiResponses {

  static final String JSON = "application/json";

  private ApiResponses() {
  }

  static MockResponse json(int code, Object body) {
    return json(code, body instanceof String s ? s : Serialization.asJson(body), JSON);
  }

  static MockResponse json(int code, String body, String contentType) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", contentType).setBody(body);
  }

  /** {@code runnerpools.ec2runner.dev "x" not found}, as kubectl prints it after "Error from server (NotFound)". */
  static MockResponse notFound(ApiPath path) {
    String message = path.name() == null ? "the server could not find the requested resource"
        : path.qualifiedResource() + " \"" + path.name() + "\" not found";
    return failure(404, "NotFound", message);
  }

  static MockResponse failure(int code, String reason, String message) {
    Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
        .withMessage(message).withNewMetadata().endMetadata().build();
    return json(code, status);
  }
}
