package dev.ec2runner.receiver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The openAPIV3Schema of a generated CRD as a JSON schema, so tests check objects as a real API server would
 * (structure, types, patterns, required fields; CEL rules are not evaluated here).
 */
public final class CrdSchema {

  private static final String META_SCHEMA = "https://ec2runner.dev/kubernetes-structural-schema";

  private final JsonSchema schema;

  private CrdSchema(JsonSchema schema) {
    this.schema = schema;
  }

  /** The schema of a generated CRD by plural, e.g. workflowjobs. */
  public static CrdSchema of(String plural) {
    try (InputStream in = CrdSchema.class.getResourceAsStream("/META-INF/fabric8/" + plural + ".ec2runner.dev-v1.yml")) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      JsonNode openApi = Serialization.jsonMapper().valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
      JsonMetaSchema kubernetes = JsonMetaSchema.builder(META_SCHEMA, JsonMetaSchema.getV4())
          .keywords(List.of(new AnnotationKeyword("x-kubernetes-validations"),
              new AnnotationKeyword("x-kubernetes-preserve-unknown-fields"),
              new AnnotationKeyword("x-kubernetes-int-or-string"),
              new AnnotationKeyword("x-kubernetes-list-type"),
              new AnnotationKeyword("x-kubernetes-map-type"),
              new AnnotationKeyword("nullable")))
          .build();
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
          builder -> builder.metaSchema(kubernetes).defaultMetaSchemaIri(META_SCHEMA));
      return new CrdSchema(factory.getSchema(openApi));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema violations of an object; empty when a real API server's structural check would accept it. */
  public Set<ValidationMessage> violations(HasMetadata resource) {
    return schema.validate(Serialization.jsonMapper().valueToTree(resource));
  }
}
