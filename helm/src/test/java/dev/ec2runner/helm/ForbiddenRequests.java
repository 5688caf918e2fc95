package dev.ec2runner.helm;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every request the API server refused with 403, from every client built here. Informers and JOSDK retry a
 * refused list or patch and only log it, so the refusals are caught where they happen: on the HTTP response.
 */
final class ForbiddenRequests implements Interceptor {

  private final List<String> refused = new CopyOnWriteArrayList<>();

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    if (response.code() == 403) {
      String query = request.uri().getRawQuery();
      refused.add(request.method() + " " + request.uri().getRawPath() + (query == null ? "" : "?" + query));
    }
  }

  /** A client for the configuration whose refused requests are recorded here; the caller closes it. */
  KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("forbidden-requests", this))
        .build();
  }

  boolean any() {
    return !refused.isEmpty();
  }

  /** Method, path and query of each refused request, in order. */
  List<String> all() {
    return List.copyOf(refused);
  }
}
