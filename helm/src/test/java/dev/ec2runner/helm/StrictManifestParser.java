package dev.ec2runner.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses Kubernetes YAML into fabric8 model classes and rejects any field the model does not know.
 *
 * <p>fabric8's own deserialization keeps unknown fields in each object's additionalProperties, so a misspelled
 * field (a typo a real API server would drop or reject) would pass unseen; this mapper turns that catch-all off.
 */
final class StrictManifestParser {

  /** Kinds without a model class in fabric8's default client: kept as generic trees and checked by hand. */
  static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";

  private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.ofEntries(
      Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
      Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
      Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
      Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
      Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
      Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class));

  private static final ObjectMapper STRICT = YAMLMapper.builder()
      .annotationIntrospector(new WithoutAnySetters())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private StrictManifestParser() {
  }

  /** Every non-empty document of a multi-document YAML stream, as trees. */
  static List<JsonNode> documents(String yaml) {
    try (var parser = new YAMLFactory().createParser(yaml)) {
      List<JsonNode> documents = new ArrayList<>();
      var iterator = STRICT.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        JsonNode document = iterator.next();
        if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
          documents.add(document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("rendered output is not valid YAML", e);
    }
  }

  static String typeKey(JsonNode document) {
    return document.path("apiVersion").asText() + "/" + document.path("kind").asText();
  }

  /** The document as its fabric8 model class; fails on an unknown kind or any field the model lacks. */
  static HasMetadata toModel(JsonNode document) {
    String key = typeKey(document);
    Class<? extends HasMetadata> type = MODELS.get(key);
    if (type == null) {
      throw new IllegalArgumentException("no model class registered for " + key
          + " (name " + document.path("metadata").path("name").asText() + ")");
    }
    try {
      return STRICT.treeToValue(document, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(key + " " + document.path("metadata").path("name").asText()
          + " does not match the Kubernetes model: " + e.getOriginalMessage(), e);
    }
  }

  /** Jackson's introspector minus @JsonAnySetter, so unknown properties fail instead of being collected. */
  private static final class WithoutAnySetters extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return Boolean.FALSE;
    }
  }
}
