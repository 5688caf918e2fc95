package dev.ec2runner.simulator.kube;

import dev.ec2runner.simulator.kube.PatchDocuments.UnsupportedPatchException;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what kubectl needs in front of the fabric8 CRUD mock: discovery, reads with Tables and field selectors,
 * the scale subresource, the API server's write rules, a record of every change (for kubectl's watches) and
 * {@code Status} bodies on errors. WebSocket watches (fabric8 clients) and the CRUD semantics are the store's.
 */
final class KubernetesApiDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesApiDispatcher.class);

  private final CrudStore store;
  private final Discovery discovery;
  private final ObjectReads reads;
  private final ScaleSubresource scale;
  private final WriteRules writeRules;
  private final ChangeLog changes;

  KubernetesApiDispatcher(CrudStore store, CrdCatalog crds, TableConverter tables, ChangeLog changes) {
    this.store = store;
    this.discovery = new Discovery(crds);
    this.reads = new ObjectReads(store, crds, tables);
    this.scale = new ScaleSubresource(crds, store);
    this.writeRules = new WriteRules(store, crds);
    this.changes = changes;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return withContentType(route(request));
    } catch (UnsupportedPatchException e) {
      return ApiResponses.failure(415, "UnsupportedMediaType", e.getMessage());
    } catch (IllegalArgumentException | JsonPatchException e) {
      return ApiResponses.failure(400, "BadRequest", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
      return ApiResponses.failure(500, "InternalError", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private MockResponse route(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (method.equals("GET")) {
      Optional<MockResponse> answer = discovery.answer(request.getPath().split("\\?", 2)[0],
          request.getHeader("Host"));
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    Optional<ApiPath> parsed = ApiPath.parse(request.getPath());
    if (parsed.isEmpty()) {
      // Not a resource path (say /openapi/v2): the store would answer with every object it holds.
      return ApiResponses.failure(404, "NotFound", "the server could not find the requested resource");
    }
    ApiPath path = parsed.get();
    MockResponse response = switch (method) {
      case "GET" -> read(request, path);
      case "POST" -> changes.write(path, path.isCollection(),
          () -> store.dispatch(writeRules.beforeCreate(request, path)));
      case "PUT" -> changes.write(path, false, () -> isScale(path) ? scale.handle(request, path)
          : store.dispatch(writeRules.beforeUpdate(request, path)));
      case "PATCH" -> changes.write(path, false, () -> isScale(path) ? scale.handle(request, path)
          : store.dispatch(writeRules.beforePatch(request, path)));
      case "DELETE" -> changes.write(path, false, () -> store.dispatch(request));
      default -> ApiResponses.failure(405, "MethodNotAllowed", method + " is not supported");
    };
    // The store answers a missing object with an empty 404; kubectl prints the message of a Status.
    boolean emptyBody = response.getBody() == null || response.getBody().size() == 0;
    return response.code() == 404 && emptyBody ? ApiResponses.notFound(path) : response;
  }

  private MockResponse read(RecordedRequest request, ApiPath path) {
    if (isScale(path)) {
      return scale.handle(request, path);
    }
    // Watches here are fabric8's WebSocket ones (StreamingWatch serves kubectl's before they reach a dispatcher).
    return path.isWatch() ? store.dispatch(request) : reads.read(request, path);
  }

  private static boolean isScale(ApiPath path) {
    return "scale".equals(path.subresource());
  }

  private static MockResponse withContentType(MockResponse response) {
    boolean hasBody = response.getBody() != null && response.getBody().size() > 0;
    if (response.getWebSocketListener() == null && hasBody && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", ApiResponses.JSON);
    }
    return response;
  }
}
