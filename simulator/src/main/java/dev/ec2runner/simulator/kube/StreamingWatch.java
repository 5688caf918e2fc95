package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Watches over plain HTTP, as kubectl sends them ({@code kubectl get -w}, {@code kubectl delete} waiting for
 * finalizers, {@code kubectl wait}): a chunked stream of {@code {"type":…,"object":…}} lines fed from the
 * {@link ChangeLog}, from the requested resourceVersion on, until the client leaves or the watch times out.
 */
final class StreamingWatch {

  static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  static final Duration LONGEST_WATCH = Duration.ofMinutes(30);

  private final ChangeLog changes;
  private final CrudStore store;
  private final TableConverter tables;

  StreamingWatch(ChangeLog changes, CrudStore store, TableConverter tables) {
    this.changes = changes;
    this.store = store;
    this.tables = tables;
  }

  /** Whether a request is a watch this class streams; fabric8 clients' WebSocket watches are not. */
  static boolean accepts(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return request.method() == HttpMethod.GET && (upgrade == null || !upgrade.equalsIgnoreCase("websocket"))
        && ApiPath.parse(request.uri()).map(ApiPath::isWatch).orElse(false);
  }

  void stream(Vertx vertx, HttpServerRequest request) {
    ApiPath path = ApiPath.parse(request.uri()).orElseThrow();
    Watch watch;
    try {
      watch = new Watch(path, request.getHeader("Accept"));
    } catch (IllegalArgumentException e) {
      request.response().setStatusCode(400).putHeader("Content-Type", ApiResponses.JSON)
          .end(Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(400).withReason("BadRequest")
              .withMessage(e.getMessage()).build()));
      return;
    }
    HttpServerResponse response = request.response().setChunked(true).setStatusCode(200)
        .putHeader("Content-Type", ApiResponses.JSON);
    // Headers now, not with the first event: a client may wait for them before it can stop the watch.
    response.writeHead();
    String from = path.query().getOrDefault("resourceVersion", "");
    long last = from.isEmpty() || from.equals("0") ? sendCurrentObjects(watch, response) : Long.parseLong(from);
    watch.resourceVersion = last;
    long poll = vertx.setPeriodic(POLL_INTERVAL.toMillis(), id -> {
      if (!sendChanges(watch, response)) {
        vertx.cancelTimer(id);
      }
    });
    long timeout = vertx.setTimer(timeout(path).toMillis(), id -> {
      vertx.cancelTimer(poll);
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    });
    response.closeHandler(v -> {
      vertx.cancelTimer(poll);
      vertx.cancelTimer(timeout);
    });
    sendChanges(watch, response);
  }

  /** Without a resourceVersion a watch starts with the current objects, as ADDED; returns the list's version. */
  private long sendCurrentObjects(Watch watch, HttpServerResponse response) {
    JsonNode list = CrudStore.json(store.get(watch.path.collectionPath()));
    List<JsonNode> objects = new ArrayList<>();
    if (list != null) {
      list.path("items").forEach(objects::add);
    }
    objects.sort(Comparator.comparingLong(o -> o.path("metadata").path("resourceVersion").asLong()));
    objects.stream().filter(watch::matches).forEach(o -> send(watch, response, "ADDED", o));
    return list == null ? 0 : list.path("metadata").path("resourceVersion").asLong(0);
  }

  /** Sends what changed since the last change sent; false once the stream is over. */
  private boolean sendChanges(Watch watch, HttpServerResponse response) {
    if (response.ended() || response.closed()) {
      return false;
    }
    Optional<List<ChangeLog.Change>> since = changes.since(watch.resourceVersion);
    if (since.isEmpty()) {
      // Changes after the requested version are no longer kept: the client must relist, as after a 410.
      ObjectNode expired = event("ERROR", Serialization.jsonMapper().valueToTree(new StatusBuilder()
          .withStatus("Failure").withCode(410).withReason("Expired")
          .withMessage("too old resource version: " + watch.resourceVersion).build()));
      response.end(Serialization.asJson(expired) + "\n");
      return false;
    }
    for (ChangeLog.Change change : since.get()) {
      watch.resourceVersion = change.resourceVersion();
      if (change.group().equals(watch.path.group()) && change.plural().equals(watch.path.plural())
          && watch.matches(change.object())) {
        send(watch, response, change.type(), change.object());
      }
    }
    return true;
  }

  private void send(Watch watch, HttpServerResponse response, String type, JsonNode object) {
    JsonNode sent = watch.asTable ? tables.convert(watch.path, object, watch.path.query().get("includeObject"))
        : object;
    response.write(Serialization.asJson(event(type, sent)) + "\n");
  }

  private static ObjectNode event(String type, JsonNode object) {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", type);
    event.set("object", object);
    return event;
  }

  private static Duration timeout(ApiPath path) {
    String seconds = path.query().get("timeoutSeconds");
    Duration asked = seconds == null ? LONGEST_WATCH : Duration.ofSeconds(Long.parseLong(seconds));
    return asked.compareTo(LONGEST_WATCH) > 0 || asked.isZero() ? LONGEST_WATCH : asked;
  }

  /** One watch's request: what it selects and how it wants objects; and how far it got. */
  private static final class Watch {

    final ApiPath path;
    final boolean asTable;
    final FieldSelector fields;
    final LabelSelector labels;
    long resourceVersion;

    Watch(ApiPath path, String accept) {
      this.path = path;
      this.asTable = TableConverter.wantsTable(accept);
      this.fields = FieldSelector.parse(path.query().getOrDefault("fieldSelector", "")
          + (path.name() == null ? "" : ",metadata.name=" + path.name()));
      this.labels = LabelSelector.parse(path.query().getOrDefault("labelSelector", ""));
      String from = path.query().getOrDefault("resourceVersion", "");
      if (!from.isEmpty() && !from.matches("\\d+")) {
        throw new IllegalArgumentException("invalid resourceVersion '" + from + "'");
      }
      String timeout = path.query().get("timeoutSeconds");
      if (timeout != null && !timeout.matches("\\d+")) {
        throw new IllegalArgumentException("invalid timeoutSeconds '" + timeout + "'");
      }
    }

    boolean matches(JsonNode object) {
      boolean inNamespace = path.namespace() == null
          || path.namespace().equals(object.path("metadata").path("namespace").asText());
      return inNamespace && fields.matches(object) && labels.matches(object);
    }
  }
}
