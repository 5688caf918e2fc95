package dev.ec2runner.api.server;

import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Optional;

/**
 * What the real API server says of a manifest: a server-side dry run of its creation with strict field validation,
 * as {@code kubectl apply --dry-run=server} sends it. Nothing is stored.
 */
final class ServerVerdict {

  private static final KubeApiServer SERVER = KubeApiServer.shared();

  private ServerVerdict() {
  }

  /** A namespace of the caller's own for the manifests it checks. */
  static String namespace(String prefix) {
    return SERVER.createNamespace(prefix);
  }

  /** The server's refusal message, or empty when it would store the object (in the given namespace). */
  static Optional<String> refusal(String yaml, String namespace) {
    GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return refusal(object, namespace);
  }

  static Optional<String> refusal(HasMetadata object, String namespace) {
    object.getMetadata().setNamespace(namespace);
    try {
      SERVER.adminClient().resource(object).dryRun().fieldValidation(Validation.STRICT).create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422 && e.getCode() != 400) {
        throw e;
      }
      return Optional.of(e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage() : e.getMessage());
    }
  }
}
