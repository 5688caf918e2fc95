package dev.ec2runner.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.testkit.kube.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listings of the managed namespaces come a page at a time and hold every object, on the real API server. */
class WatchedNamespacesIT {

  private final TestCluster cluster = TestCluster.create("pages");
  private final String namespace = cluster.namespace();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final KubernetesClient counting = cluster.newClient(new Interceptor() {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if ("GET".equals(request.method()) && request.uri().getPath().endsWith("/configmaps")) {
        queries.add(String.valueOf(request.uri().getQuery()));
      }
    }
  });

  @AfterEach
  void clean() {
    cluster.close();
  }

  @Test
  void aListingLargerThanAPageIsReadPageByPageAndMissesNothing() {
    for (int i = 0; i < 5; i++) {
      cluster.client().configMaps().inNamespace(namespace)
          .resource(new ConfigMapBuilder().withNewMetadata().withName("page-" + i).endMetadata().build()).create();
    }
    List<String> names = new WatchedNamespaces(Set.of(namespace)).list(counting, ConfigMap.class, 2).stream()
        .map(c -> c.getMetadata().getName()).filter(n -> n.startsWith("page-")).toList();

    assertThat(names).containsExactlyInAnyOrder("page-0", "page-1", "page-2", "page-3", "page-4");
    // Five objects, two at a time: three pages, each asking for two, the later ones where the last left off.
    assertThat(queries).hasSize(3).allSatisfy(query -> assertThat(query).contains("limit=2"));
    assertThat(queries.subList(1, 3)).allSatisfy(query -> assertThat(query).contains("continue="));
  }
}
