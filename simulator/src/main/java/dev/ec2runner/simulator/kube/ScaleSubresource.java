package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code /scale} subresource of custom resources ({@code autoscaling/v1 Scale}), driven by the CRD's
 * {@code specReplicasPath}, {@code statusReplicasPath} and {@code labelSelectorPath}: what {@code kubectl scale},
 * an HPA or KEDA use. A write changes only the spec replicas field of the object.
 */
final class ScaleSubresource {

  private final CrdCatalog crds;
  private final CrudStore store;

  ScaleSubresource(CrdCatalog crds, CrudStore store) {
    this.crds = crds;
    this.store = store;
  }

  MockResponse handle(RecordedRequest request, ApiPath path) {
    Optional<CustomResourceSubresourceScale> spec = scaleSpec(path);
    if (spec.isEmpty() || path.name() == null) {
      return ApiResponses.failure(404, "NotFound", "the server could not find the requested resource");
    }
    MockResponse current = store.get(path.objectPath());
    if (current.code() == 404) {
      return ApiResponses.notFound(path);
    }
    JsonNode object = CrudStore.json(current);
    JsonNode scale = scale(object, spec.get());
    JsonNode desired;
    switch (request.getMethod().toUpperCase(Locale.ROOT)) {
      case "GET":
        return ApiResponses.json(200, scale);
      case "PUT":
        desired = Serialization.unmarshal(body(request), JsonNode.class);
        break;
      case "PATCH":
        desired = PatchDocuments.apply(scale, Serialization.unmarshal(body(request), JsonNode.class),
            request.getHeader("Content-Type"));
        break;
      default:
        return ApiResponses.failure(405, "MethodNotAllowed", request.getMethod() + " is not supported on scale");
    }
    JsonNode replicas = desired.path("spec").path("replicas");
    if (!replicas.isIntegralNumber() || !replicas.canConvertToInt() || replicas.asInt() < 0) {
      return ApiResponses.failure(422, "Invalid", "Scale.autoscaling \"" + path.name()
          + "\" is invalid: spec.replicas: Invalid value: " + replicas + ": must be an integer >= 0");
    }
    MockResponse written = store.patch(path.objectPath(), PatchDocuments.MERGE_PATCH,
        replicasPatch(spec.get().getSpecReplicasPath(), replicas.asInt(),
            desired.path("metadata").path("resourceVersion").asText("")));
    if (!CrudStore.isSuccess(written)) {
      return written;
    }
    return ApiResponses.json(200, scale(CrudStore.json(written), spec.get()));
  }

  private Optional<CustomResourceSubresourceScale> scaleSpec(ApiPath path) {
    return crds.find(path.group(), path.plural())
        .flatMap(crd -> CrdCatalog.servedVersion(crd, path.version()))
        .map(v -> v.getSubresources() == null ? null : v.getSubresources().getScale());
  }

  /** The Scale view of an object; absent replica fields read as 0 and an absent selector as empty. */
  static ObjectNode scale(JsonNode object, CustomResourceSubresourceScale spec) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode scale = nodes.objectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      JsonNode value = object.path("metadata").path(field);
      if (!value.isMissingNode()) {
        metadata.set(field, value);
      }
    }
    scale.putObject("spec").put("replicas", at(object, spec.getSpecReplicasPath()).asInt(0));
    ObjectNode status = scale.putObject("status").put("replicas", at(object, spec.getStatusReplicasPath()).asInt(0));
    String selector = spec.getLabelSelectorPath() == null ? "" : at(object, spec.getLabelSelectorPath()).asText("");
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return scale;
  }

  private static JsonNode at(JsonNode object, String dottedPath) {
    JsonNode node = object;
    for (String field : fields(dottedPath)) {
      node = node.path(field);
    }
    return node;
  }

  /** {@code {"metadata":{"resourceVersion":…},"spec":{"replicas":n}}} for a spec path of {@code .spec.replicas}. */
  private static JsonNode replicasPatch(String specReplicasPath, int replicas, String resourceVersion) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    if (!resourceVersion.isEmpty()) {
      // A stale resourceVersion in the Scale makes the store answer 409 Conflict, as the API server does.
      patch.putObject("metadata").put("resourceVersion", resourceVersion);
    }
    String[] fields = fields(specReplicasPath);
    ObjectNode parent = patch;
    for (int i = 0; i < fields.length - 1; i++) {
      parent = parent.has(fields[i]) ? (ObjectNode) parent.get(fields[i]) : parent.putObject(fields[i]);
    }
    parent.put(fields[fields.length - 1], replicas);
    return patch;
  }

  private static String[] fields(String dottedPath) {
    return dottedPath.replaceFirst("^\\.", "").split("\\.");
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "{}" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }
}
