package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;

/** The fabric8 CRUD mock as the object store behind the embedded API, with typed reads and in-process writes. */
final class CrudStore {

  private final KubernetesCrudDispatcher crud;

  CrudStore(KubernetesCrudDispatcher crud) {
    this.crud = crud;
  }

  MockResponse dispatch(RecordedRequest request) {
    return crud.dispatch(request);
  }

  MockResponse get(String path) {
    return crud.handleGet(path);
  }

  /** Sends a PATCH to the store as if a client had, so its resource-version and status rules apply. */
  MockResponse patch(String path, String contentType, JsonNode body) {
    return crud.handlePatch(request(HttpMethod.PATCH, path, contentType, Serialization.asJson(body)));
  }

  static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
    Headers headers = Headers.builder().add("Content-Type", contentType).build();
    return new RecordedRequest("HTTP/1.1", method, path, headers,
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The body of a store answer as JSON; null when it has none. */
  static JsonNode json(MockResponse response) {
    if (response.getBody() == null || response.getBody().size() == 0) {
      return null;
    }
    return Serialization.unmarshal(new String(response.getBody().getBytes(), StandardCharsets.UTF_8),
        JsonNode.class);
  }

  static boolean isSuccess(MockResponse response) {
    return response.code() >= 200 && response.code() < 300;
  }
}
