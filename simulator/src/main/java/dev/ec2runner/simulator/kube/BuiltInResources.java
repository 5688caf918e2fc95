package dev.ec2runner.simulator.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in kinds the embedded API advertises: what the operator, the receiver and kubectl use (Secrets,
 * Events, Leases, CRDs, namespaces and a few common core kinds), with the columns kubectl shows for them.
 */
final class BuiltInResources {

  /** One built-in resource as discovery and tables describe it. */
  record Resource(String group, String version, String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> subresources, List<CustomResourceColumnDefinition> columns) {

    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  static final String AGE_PATH = ".metadata.creationTimestamp";

  static final List<Resource> ALL = List.of(
      core("namespaces", "Namespace", false, List.of("ns"), List.of("status"),
          List.of(column("Status", "string", ".status.phase"))),
      core("secrets", "Secret", true, List.of(), List.of(), List.of(column("Type", "string", ".type"))),
      core("configmaps", "ConfigMap", true, List.of("cm"), List.of(), List.of()),
      core("events", "Event", true, List.of("ev"), List.of(),
          List.of(column("Type", "string", ".type"), column("Reason", "string", ".reason"),
              column("Object", "string", ".involvedObject.name"), column("Message", "string", ".message"))),
      core("pods", "Pod", true, List.of("po"), List.of("status"),
          List.of(column("Status", "string", ".status.phase"))),
      core("services", "Service", true, List.of("svc"), List.of("status"),
          List.of(column("Type", "string", ".spec.type"), column("Cluster-IP", "string", ".spec.clusterIP"))),
      core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), List.of()),
      new Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds"), List.of("status"), List.of()),
      // No short name here: "ev" means core events, and kubectl warns when a short name is ambiguous.
      new Resource("events.k8s.io", "v1", "events", "event", "Event", true, List.of(), List.of(),
          List.of(column("Type", "string", ".type"), column("Reason", "string", ".reason"),
              column("Note", "string", ".note"))),
      new Resource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(),
          List.of(column("Holder", "string", ".spec.holderIdentity"))));

  private BuiltInResources() {
  }

  /** Group versions in discovery order, the core group first (kubectl prefers the first group for short names). */
  static Map<String, List<Resource>> byGroupVersion() {
    Map<String, List<Resource>> groups = new LinkedHashMap<>();
    for (Resource resource : ALL) {
      groups.computeIfAbsent(resource.groupVersion(), k -> new ArrayList<>()).add(resource);
    }
    return groups;
  }

  static Optional<Resource> find(String group, String version, String plural) {
    return ALL.stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst();
  }

  /** The Age column every table ends with, as the API server adds it to kinds without printer columns. */
  static CustomResourceColumnDefinition age() {
    return column("Age", "date", AGE_PATH);
  }

  private static Resource core(String plural, String kind, boolean namespaced, List<String> shortNames,
      List<String> subresources, List<CustomResourceColumnDefinition> columns) {
    return new Resource("", "v1", plural, kind.toLowerCase(Locale.ROOT), kind, namespaced, shortNames,
        subresources, columns);
  }

  private static CustomResourceColumnDefinition column(String name, String type, String jsonPath) {
    CustomResourceColumnDefinition column = new CustomResourceColumnDefinition();
    column.setName(name);
    column.setType(type);
    column.setJsonPath(jsonPath);
    column.setPriority(0);
    return column;
  }
}
