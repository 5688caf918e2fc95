package dev.ec2runner.simulator.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy (non-aggregated) API discovery: {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/GROUP[/VERSION]}
 * and {@code /version}. kubectl asks for aggregated discovery first and falls back to this format when the answer
 * is plain {@code application/json}. Custom resources are described from the stored CRDs, subresources included.
 */
final class Discovery {

  static final String SERVER_VERSION_MAJOR = "1";
  static final String SERVER_VERSION_MINOR = "32";

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private final CrdCatalog crds;

  Discovery(CrdCatalog crds) {
    this.crds = crds;
  }

  /**
   * The discovery answer for a GET of {@code path} (no query), or empty when it is no discovery path.
   *
   * @param host the request's Host header: the address clients reached the server at
   */
  Optional<MockResponse> answer(String path, String host) {
    String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    String[] segments = trimmed.substring(1).split("/");
    if (trimmed.equals("/version")) {
      return Optional.of(ApiResponses.json(200, version()));
    }
    if (trimmed.equals("/api")) {
      return Optional.of(ApiResponses.json(200, new APIVersionsBuilder().withVersions("v1")
          .addNewServerAddressByClientCIDR("0.0.0.0/0", host == null ? "127.0.0.1" : host).build()));
    }
    if (trimmed.equals("/apis")) {
      return Optional.of(ApiResponses.json(200, new APIGroupListBuilder().withGroups(groups()).build()));
    }
    if (segments[0].equals("api") && segments.length == 2) {
      return Optional.of(resourceList(segments[1]));
    }
    if (segments[0].equals("apis") && segments.length == 2) {
      return Optional.of(groups().stream().filter(g -> g.getName().equals(segments[1])).findFirst()
          .map(g -> ApiResponses.json(200, g))
          .orElseGet(() -> ApiResponses.failure(404, "NotFound", "the server could not find the requested resource")));
    }
    if (segments[0].equals("apis") && segments.length == 3) {
      return Optional.of(resourceList(segments[1] + "/" + segments[2]));
    }
    return Optional.empty();
  }

  private Map<String, String> version() {
    Map<String, String> version = new LinkedHashMap<>();
    version.put("major", SERVER_VERSION_MAJOR);
    version.put("minor", SERVER_VERSION_MINOR);
    version.put("gitVersion", "v" + SERVER_VERSION_MAJOR + "." + SERVER_VERSION_MINOR + ".0-ec2runner-sandbox");
    version.put("gitCommit", "0000000000000000000000000000000000000000");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2025-01-01T00:00:00Z");
    version.put("goVersion", "go1.23");
    version.put("compiler", "gc");
    version.put("platform", "linux/amd64");
    return version;
  }

  /** Built-in groups first, then one group per CRD group, versions in the order the CRDs declare them. */
  private List<APIGroup> groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    Map<String, String> preferred = new LinkedHashMap<>();
    BuiltInResources.ALL.stream().filter(r -> !r.group().isEmpty())
        .forEach(r -> addVersion(versions, r.group(), r.version()));
    for (CustomResourceDefinition crd : crds.all()) {
      String group = crd.getSpec().getGroup();
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (!Boolean.FALSE.equals(v.getServed())) {
          addVersion(versions, group, v.getName());
        }
        if (Boolean.TRUE.equals(v.getStorage())) {
          preferred.putIfAbsent(group, v.getName());
        }
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach((group, names) -> {
      List<GroupVersionForDiscovery> entries =
          names.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
      String preferredVersion = preferred.getOrDefault(group, names.get(0));
      groups.add(new APIGroupBuilder().withName(group).withVersions(entries)
          .withPreferredVersion(new GroupVersionForDiscovery(group + "/" + preferredVersion, preferredVersion))
          .build());
    });
    return groups;
  }

  private static void addVersion(Map<String, List<String>> versions, String group, String version) {
    List<String> names = versions.computeIfAbsent(group, g -> new ArrayList<>());
    if (!names.contains(version)) {
      names.add(version);
    }
  }

  private MockResponse resourceList(String groupVersion) {
    List<APIResource> resources = new ArrayList<>();
    for (BuiltInResources.Resource r : BuiltInResources.byGroupVersion().getOrDefault(groupVersion, List.of())) {
      resources.add(resource(r.plural(), r.singular(), r.kind(), r.namespaced(), r.shortNames(), VERBS));
      r.subresources().forEach(sub ->
          resources.add(resource(r.plural() + "/" + sub, "", r.kind(), r.namespaced(), List.of(), SUBRESOURCE_VERBS)));
    }
    for (CustomResourceDefinition crd : crds.all()) {
      String group = crd.getSpec().getGroup();
      crd.getSpec().getVersions().stream()
          .filter(v -> (group + "/" + v.getName()).equals(groupVersion) && !Boolean.FALSE.equals(v.getServed()))
          .findFirst()
          .ifPresent(v -> resources.addAll(customResources(crd, v)));
    }
    boolean known = BuiltInResources.byGroupVersion().containsKey(groupVersion) || !resources.isEmpty();
    if (!known) {
      return ApiResponses.failure(404, "NotFound", "the server could not find the requested resource");
    }
    return ApiResponses.json(200, new APIResourceListBuilder().withGroupVersion(groupVersion)
        .withResources(resources).build());
  }

  private static List<APIResource> customResources(CustomResourceDefinition crd, CustomResourceDefinitionVersion v) {
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    List<APIResource> resources = new ArrayList<>();
    APIResource main = resource(names.getPlural(), names.getSingular(), names.getKind(), namespaced,
        names.getShortNames(), VERBS);
    main.setCategories(names.getCategories());
    resources.add(main);
    if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
      resources.add(resource(names.getPlural() + "/status", "", names.getKind(), namespaced, List.of(),
          SUBRESOURCE_VERBS));
    }
    if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
      // kubectl scale resolves the scale kind from here: autoscaling/v1 Scale, as the API server reports it.
      APIResource scale = resource(names.getPlural() + "/scale", "", "Scale", namespaced, List.of(),
          SUBRESOURCE_VERBS);
      scale.setGroup("autoscaling");
      scale.setVersion("v1");
      resources.add(scale);
    }
    return resources;
  }

  private static APIResource resource(String name, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> verbs) {
    return new APIResourceBuilder().withName(name).withSingularName(singular).withKind(kind)
        .withNamespaced(namespaced).withShortNames(shortNames == null ? List.of() : shortNames).withVerbs(verbs)
        .build();
  }
}
