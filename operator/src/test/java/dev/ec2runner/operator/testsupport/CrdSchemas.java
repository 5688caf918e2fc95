package dev.ec2runner.operator.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks objects against the generated CRDs' openAPIV3Schema, as a real API server would (the mock server does
 * not). CEL rules ({@code x-kubernetes-validations}) are not evaluated here.
 */
public final class CrdSchemas {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CrdSchemas() {
  }

  /** The schema violations of the object, empty when it is valid. */
  public static Set<String> violations(String crdName, HasMetadata object) {
    var crd = KubernetesTestServer.load(crdName);
    JsonNode schemaNode = MAPPER.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode);
    JsonNode instance = SERIALIZATION.convertValue(object, JsonNode.class);
    Set<ValidationMessage> messages = schema.validate(instance);
    return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
  }
}
