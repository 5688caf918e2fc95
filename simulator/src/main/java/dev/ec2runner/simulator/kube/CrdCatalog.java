package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CustomResourceDefinitions currently stored in the API, read on demand so that discovery, tables and the
 * scale subresource always follow what was applied (and deleted), never a hard-coded list.
 */
final class CrdCatalog {

  static final String CRD_COLLECTION = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final CrudStore store;

  CrdCatalog(CrudStore store) {
    this.store = store;
  }

  List<CustomResourceDefinition> all() {
    MockResponse response = store.get(CRD_COLLECTION);
    JsonNode list = response.code() == 200 ? CrudStore.json(response) : null;
    if (list == null) {
      return List.of();
    }
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      crds.add(Serialization.jsonMapper().convertValue(item, CustomResourceDefinition.class));
    }
    return crds;
  }

  /** The definition serving {@code plural} in {@code group}, if one is stored. */
  Optional<CustomResourceDefinition> find(String group, String plural) {
    return all().stream()
        .filter(crd -> crd.getSpec().getGroup().equals(group) && crd.getSpec().getNames().getPlural().equals(plural))
        .findFirst();
  }

  /** The served version of a definition by name. */
  static Optional<CustomResourceDefinitionVersion> servedVersion(CustomResourceDefinition crd, String version) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> v.getName().equals(version) && !Boolean.FALSE.equals(v.getServed()))
        .findFirst();
  }
}
