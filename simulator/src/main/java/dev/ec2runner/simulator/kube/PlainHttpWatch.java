package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Watches over plain HTTP, as kubectl sends them ({@code kubectl delete} waiting for a finalizer, {@code kubectl
 * wait}). The mock server can only send a complete answer, so each watch answers the changes after the requested
 * resourceVersion and ends; with nothing to report it ends after a quiet window, and the client watches again
 * from the same resourceVersion: a poll that keeps client-go's watch semantics (no change is missed or repeated).
 */
final class PlainHttpWatch {

  /** Longer than the one second under which client-go treats an empty watch as failed. */
  static final Duration QUIET_WINDOW = Duration.ofMillis(1500);

  private final ChangeLog changes;
  private final CrudStore store;
  private final TableConverter tables;

  PlainHttpWatch(ChangeLog changes, CrudStore store, TableConverter tables) {
    this.changes = changes;
    this.store = store;
    this.tables = tables;
  }

  /** Whether a watch request is plain HTTP; fabric8 clients upgrade to a WebSocket, which the store serves. */
  static boolean isPlainHttp(RecordedRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade == null || !upgrade.equalsIgnoreCase("websocket");
  }

  MockResponse answer(RecordedRequest request, ApiPath path) {
    FieldSelector fields = FieldSelector.parse(path.query().getOrDefault("fieldSelector", "")
        + (path.name() == null ? "" : ",metadata.name=" + path.name()));
    LabelSelector labels = LabelSelector.parse(path.query().getOrDefault("labelSelector", ""));
    String from = path.query().getOrDefault("resourceVersion", "");
    List<ObjectNode> events = new ArrayList<>();
    if (from.isEmpty() || from.equals("0")) {
      // No resourceVersion: the current objects as ADDED, then (in later watches) what changes.
      current(path).stream().filter(o -> fields.matches(o) && labels.matches(o))
          .forEach(o -> events.add(event("ADDED", o)));
    } else {
      Optional<List<ChangeLog.Change>> since = changes.since(Long.parseLong(from));
      if (since.isEmpty()) {
        events.add(expired(from));
      } else {
        since.get().stream()
            .filter(c -> c.group().equals(path.group()) && c.plural().equals(path.plural()))
            .filter(c -> path.namespace() == null
                || path.namespace().equals(c.object().path("metadata").path("namespace").asText()))
            .filter(c -> fields.matches(c.object()) && labels.matches(c.object()))
            .forEach(c -> events.add(event(c.type(), c.object())));
      }
    }
    boolean asTable = TableConverter.wantsTable(request.getHeader("Accept"));
    StringBuilder body = new StringBuilder();
    for (ObjectNode event : events) {
      if (asTable && !event.path("type").asText().equals("ERROR")) {
        event.set("object", tables.convert(path, event.get("object"), path.query().get("includeObject")));
      }
      body.append(Serialization.asJson(event)).append('\n');
    }
    MockResponse response = ApiResponses.json(200, body.isEmpty() ? "\n" : body.toString(), ApiResponses.JSON);
    return events.isEmpty() ? response.setBodyDelay(QUIET_WINDOW) : response;
  }

  private List<JsonNode> current(ApiPath path) {
    JsonNode list = CrudStore.json(store.get(path.collectionPath()));
    List<JsonNode> objects = new ArrayList<>();
    if (list != null) {
      list.path("items").forEach(objects::add);
    }
    objects.sort(Comparator.comparingLong(o -> o.path("metadata").path("resourceVersion").asLong()));
    return objects;
  }

  private static ObjectNode event(String type, JsonNode object) {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", type);
    event.set("object", object);
    return event;
  }

  /** The API server's answer to a watch from a forgotten resourceVersion: the client relists. */
  private static ObjectNode expired(String from) {
    return event("ERROR", Serialization.jsonMapper().valueToTree(new StatusBuilder().withStatus("Failure")
        .withCode(410).withReason("Expired").withMessage("too old resource version: " + from).build()));
  }
}
