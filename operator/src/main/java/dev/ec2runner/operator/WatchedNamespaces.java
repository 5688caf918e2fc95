package dev.ec2runner.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
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

  public WatchedNamespaces {
    names = Set.copyOf(names);
  }

  public boolean includes(String namespace) {
    return names.isEmpty() || names.contains(namespace);
  }

  /** Every object of the kind in the managed namespaces, listed the way the operator's RBAC allows. */
  public <T extends HasMetadata> List<T> list(KubernetesClient client, Class<T> type) {
    if (names.isEmpty()) {
      return client.resources(type).inAnyNamespace().list().getItems();
    }
    return names.stream().sorted()
        .flatMap(namespace -> client.resources(type).inNamespace(namespace).list().getItems().stream())
        .toList();
  }
}
