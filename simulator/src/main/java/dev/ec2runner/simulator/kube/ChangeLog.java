package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The recent changes to stored objects (ADDED, MODIFIED, DELETED) in resourceVersion order, recorded around each
 * write, so that watches over plain HTTP (kubectl's) can be answered from a resourceVersion. The CRUD mock only
 * streams changes over WebSockets, which fabric8 clients use and kubectl does not.
 */
final class ChangeLog {

  /** One change; {@code object} is the state after it (before it, for DELETED). */
  record Change(long resourceVersion, String type, String group, String plural, JsonNode object) {
  }

  private final CrudStore store;
  private final LongSupplier nextResourceVersion;
  private final int capacity;
  private final Deque<Change> changes = new ArrayDeque<>();
  // Writes are serialised so that changes are appended in the order the store versioned them.
  private final ReentrantLock writes = new ReentrantLock();
  private long forgottenUpTo;

  /**
   * @param nextResourceVersion hands out the store's next resourceVersion (a deletion gets one, as in Kubernetes)
   * @param capacity how many changes are kept; a watch from before them is told to relist (410 Gone)
   */
  ChangeLog(CrudStore store, LongSupplier nextResourceVersion, int capacity) {
    this.store = store;
    this.nextResourceVersion = nextResourceVersion;
    this.capacity = capacity;
  }

  /**
   * Runs a write of {@code path} and records what it changed.
   *
   * @param create whether it is a POST to the collection (what it created is in the answer)
   */
  MockResponse write(ApiPath path, boolean create, Supplier<MockResponse> write) {
    writes.lock();
    try {
      Map<String, JsonNode> before = create ? Map.of() : snapshot(path);
      MockResponse response = write.get();
      if (!CrudStore.isSuccess(response)) {
        return response;
      }
      List<Change> found = diff(path, before, create ? created(response) : snapshot(path));
      found.forEach(this::append);
      boolean emptyBody = response.getBody() == null || response.getBody().size() == 0;
      if (emptyBody && !path.isCollection() && found.size() == 1 && found.get(0).type().equals("DELETED")) {
        // The store answers an update that removed the last finalizer of a deleted object with nothing; the
        // API server answers with the object's final state, and kubectl patch fails to decode nothing.
        ObjectNode last = found.get(0).object().deepCopy();
        ((ObjectNode) last.path("metadata")).putArray("finalizers");
        return ApiResponses.json(200, last);
      }
      return response;
    } finally {
      writes.unlock();
    }
  }

  /** The changes after {@code resourceVersion}; empty when some of them are no longer kept. */
  synchronized Optional<List<Change>> since(long resourceVersion) {
    if (resourceVersion < forgottenUpTo) {
      return Optional.empty();
    }
    return Optional.of(changes.stream().filter(c -> c.resourceVersion() > resourceVersion).toList());
  }

  private static Map<String, JsonNode> created(MockResponse response) {
    JsonNode created = CrudStore.json(response);
    return created == null ? Map.of() : Map.of(key(created), created);
  }

  private Map<String, JsonNode> snapshot(ApiPath path) {
    JsonNode body = CrudStore.json(store.get(path.objectPath()));
    Map<String, JsonNode> objects = new LinkedHashMap<>();
    if (body == null || "Status".equals(body.path("kind").asText())) {
      return objects;
    }
    if (body.has("items")) {
      body.path("items").forEach(item -> objects.put(key(item), item));
    } else {
      objects.put(key(body), body);
    }
    return objects;
  }

  private List<Change> diff(ApiPath path, Map<String, JsonNode> before, Map<String, JsonNode> after) {
    List<Change> found = new ArrayList<>();
    after.forEach((key, object) -> {
      JsonNode old = before.get(key);
      if (old == null) {
        found.add(change("ADDED", path, object));
      } else if (!resourceVersion(old).equals(resourceVersion(object))) {
        found.add(change("MODIFIED", path, object));
      }
    });
    before.forEach((key, object) -> {
      if (!after.containsKey(key)) {
        ObjectNode gone = object.deepCopy();
        ((ObjectNode) gone.path("metadata")).put("resourceVersion", String.valueOf(nextResourceVersion.getAsLong()));
        found.add(change("DELETED", path, gone));
      }
    });
    return found;
  }

  private synchronized void append(Change change) {
    changes.addLast(change);
    while (changes.size() > capacity) {
      forgottenUpTo = changes.removeFirst().resourceVersion();
    }
  }

  private static Change change(String type, ApiPath path, JsonNode object) {
    return new Change(Long.parseLong(resourceVersion(object)), type, path.group(), path.plural(), object);
  }

  private static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("0");
  }

  private static String key(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText("");
  }
}
