package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * What a real API server does to writes and the CRUD mock does not: a namespace exists once something is created
 * in it, status is ignored on create for kinds with a status subresource, a Secret's {@code stringData} is stored
 * base64-encoded under {@code data}, and a strategic merge patch of maps is a merge patch.
 */
final class WriteRules {

  private final CrudStore store;
  private final CrdCatalog crds;

  WriteRules(CrudStore store, CrdCatalog crds) {
    this.store = store;
    this.crds = crds;
  }

  RecordedRequest beforeCreate(RecordedRequest request, ApiPath path) {
    if (path.namespace() != null) {
      ensureNamespace(path.namespace());
    }
    JsonNode body = Serialization.unmarshal(body(request), JsonNode.class);
    if (!(body instanceof ObjectNode object)) {
      return request;
    }
    if (!path.group().isEmpty() && hasStatusSubresource(path)) {
      object.remove("status");
    }
    normalizeSecret(path, object);
    return CrudStore.request(HttpMethod.POST, request.getPath(), request.getHeader("Content-Type"),
        Serialization.asJson(object));
  }

  RecordedRequest beforeUpdate(RecordedRequest request, ApiPath path) {
    if (!isSecret(path)) {
      return request;
    }
    JsonNode body = Serialization.unmarshal(body(request), JsonNode.class);
    if (body instanceof ObjectNode object) {
      normalizeSecret(path, object);
      return CrudStore.request(HttpMethod.PUT, request.getPath(), request.getHeader("Content-Type"),
          Serialization.asJson(object));
    }
    return request;
  }

  /**
   * A strategic merge patch becomes a merge patch; a patch of a Secret is applied here and stored as an update,
   * so that {@code stringData} in the patch ends up encoded under {@code data}.
   */
  RecordedRequest beforePatch(RecordedRequest request, ApiPath path) {
    String contentType = PatchDocuments.mediaType(request.getHeader("Content-Type"));
    JsonNode patch = Serialization.unmarshal(body(request), JsonNode.class);
    if (isSecret(path) && path.name() != null) {
      MockResponse current = store.get(path.objectPath());
      if (CrudStore.isSuccess(current)) {
        JsonNode patched = PatchDocuments.apply(CrudStore.json(current), patch, contentType);
        normalizeSecret(path, (ObjectNode) patched);
        return CrudStore.request(HttpMethod.PUT, path.objectPath(), ApiResponses.JSON, Serialization.asJson(patched));
      }
    }
    if (contentType.equals(PatchDocuments.STRATEGIC_MERGE_PATCH)) {
      return CrudStore.request(HttpMethod.PATCH, request.getPath(), PatchDocuments.MERGE_PATCH,
          Serialization.asJson(PatchDocuments.strategicAsMerge(patch)));
    }
    return request;
  }

  private void ensureNamespace(String namespace) {
    if (store.get("/api/v1/namespaces/" + namespace).code() != 404) {
      return;
    }
    ObjectNode ns = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", namespace);
    ns.putObject("status").put("phase", "Active");
    store.dispatch(CrudStore.request(HttpMethod.POST, "/api/v1/namespaces", ApiResponses.JSON,
        Serialization.asJson(ns)));
  }

  private boolean hasStatusSubresource(ApiPath path) {
    return crds.find(path.group(), path.plural())
        .flatMap(crd -> CrdCatalog.servedVersion(crd, path.version()))
        .map(v -> v.getSubresources() != null && v.getSubresources().getStatus() != null)
        .orElse(false);
  }

  private static boolean isSecret(ApiPath path) {
    return path.group().isEmpty() && path.plural().equals("secrets") && path.subresource() == null;
  }

  private static void normalizeSecret(ApiPath path, ObjectNode secret) {
    if (!isSecret(path) || !secret.path("stringData").isObject()) {
      return;
    }
    ObjectNode data = secret.path("data").isObject() ? (ObjectNode) secret.get("data") : secret.putObject("data");
    for (Iterator<Map.Entry<String, JsonNode>> it = secret.get("stringData").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      data.put(entry.getKey(), Base64.getEncoder()
          .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    }
    secret.remove("stringData");
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }
}
