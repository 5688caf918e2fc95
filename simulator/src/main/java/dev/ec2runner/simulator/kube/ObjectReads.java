package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;

/**
 * GETs of objects and lists (not watches): field selectors on any field, list kinds typed clients can decode
 * ({@code EventList}, not the store's {@code List}), and Tables when the client asks for them.
 */
final class ObjectReads {

  private final CrudStore store;
  private final CrdCatalog crds;
  private final TableConverter tables;

  ObjectReads(CrudStore store, CrdCatalog crds, TableConverter tables) {
    this.store = store;
    this.crds = crds;
    this.tables = tables;
  }

  MockResponse read(RecordedRequest request, ApiPath path) {
    MockResponse response = store.get(ApiPath.withoutQueryParameters(request.getPath(), "fieldSelector"));
    if (!CrudStore.isSuccess(response)) {
      return response;
    }
    JsonNode body = CrudStore.json(response);
    if (path.isCollection()) {
      ObjectNode list = (ObjectNode) body;
      // kubectl describe decodes its event search into an EventList and shows nothing for a "List".
      listKind(path).ifPresent(kind -> list.put("kind", kind).put("apiVersion", apiVersion(path)));
      String fieldSelector = path.query().get("fieldSelector");
      if (fieldSelector != null && !fieldSelector.isEmpty()) {
        FieldSelector selector = FieldSelector.parse(fieldSelector);
        JsonNode all = list.path("items");
        ArrayNode kept = list.putArray("items");
        all.forEach(item -> {
          if (selector.matches(item)) {
            kept.add(item);
          }
        });
      }
    }
    if (TableConverter.wantsTable(request.getHeader("Accept"))) {
      return ApiResponses.json(200, Serialization.asJson(
          tables.convert(path, body, path.query().get("includeObject"))), TableConverter.TABLE_CONTENT_TYPE);
    }
    return ApiResponses.json(200, body);
  }

  private Optional<String> listKind(ApiPath path) {
    Optional<String> kind = BuiltInResources.find(path.group(), path.version(), path.plural())
        .map(BuiltInResources.Resource::kind);
    if (kind.isEmpty() && !path.group().isEmpty()) {
      kind = crds.find(path.group(), path.plural()).map(crd -> crd.getSpec().getNames().getKind());
    }
    return kind.map(k -> k + "List");
  }

  private static String apiVersion(ApiPath path) {
    return path.group().isEmpty() ? path.version() : path.group() + "/" + path.version();
  }
}
