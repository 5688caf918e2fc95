package dev.ec2runner.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Listable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The namespaces an operator manages ({@code WATCH_NAMESPACES}), and listings confined to them. With namespaces set,
 * the chart grants the operator Roles in those namespaces only, so a cluster-wide list answers 403: objects are
 * listed namespace by namespace. With none set the chart grants ClusterRoles and one cluster-wide list serves.
 *
 * @param names the managed namespaces; empty for all
 */
public record WatchedNamespaces(Set<String> names) {

  static final long PAGE_SIZE = 500;

  public WatchedNamespaces {
    names = Set.copyOf(names);
  }

  public boolean includes(String namespace) {
    return names.isEmpty() || names.contains(namespace);
  }

  /**
   * Every object of the kind in the managed namespaces, listed the way the operator's RBAC allows, a page of
   * {@value #PAGE_SIZE} at a time: one response holding 10,000 Runners was the largest the API server sent, and
   * failed under load. The pages of one listing are one consistent view (the first page's resource version).
   */
  public <T extends HasMetadata> List<T> list(KubernetesClient client, Class<T> type) {
    return list(client, type, PAGE_SIZE);
  }

  <T extends HasMetadata> List<T> list(KubernetesClient client, Class<T> type, long pageSize) {
    if (names.isEmpty()) {
      return pages(client.resources(type).inAnyNamespace(), pageSize);
    }
    return names.stream().sorted()
        .flatMap(namespace -> pages(client.resources(type).inNamespace(namespace), pageSize).stream())
        .toList();
  }

  private static <T extends HasMetadata> List<T> pages(Listable<? extends KubernetesResourceList<T>> listable,
      long pageSize) {
    List<T> items = new ArrayList<>();
    String next = null;
    do {
      KubernetesResourceList<T> page = listable.list(new ListOptionsBuilder().withLimit(pageSize)
          .withContinue(next).build());
      items.addAll(page.getItems());
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return items;
  }
}
