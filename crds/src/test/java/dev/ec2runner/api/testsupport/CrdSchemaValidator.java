package dev.ec2runner.api.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates objects against a generated CRD's {@code openAPIV3Schema} the way a strict API server would: structural
 * schema (types, patterns, bounds, required), unknown fields rejected (as {@code kubectl apply} with strict field
 * validation does), and the CEL rules in {@code x-kubernetes-validations}, evaluated with the CEL reference library.
 */
public final class CrdSchemaValidator {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .build();

  private final JsonNode openApiSchema;
  private final JsonSchema jsonSchema;

  private CrdSchemaValidator(JsonNode crd) {
    this.openApiSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    if (openApiSchema.isMissingNode()) {
      throw new IllegalArgumentException("CRD has no openAPIV3Schema");
    }
    this.jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(toStrictJsonSchema());
  }

  /** The validator for one of the generated CRDs, by plural (runnerpools, runners, workflowjobs). */
  public static CrdSchemaValidator forPlural(String plural) {
    String resource = "META-INF/fabric8/" + plural + ".ec2runner.dev-v1.yml";
    try (InputStream in = CrdSchemaValidator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the classpath; build the crds module first");
      }
      return new CrdSchemaValidator(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The openAPIV3Schema as the CRD carries it. */
  public JsonNode openApiSchema() {
    return openApiSchema;
  }

  /** Every violation, as "path: message"; empty when the object is valid. */
  public List<String> validate(JsonNode object) {
    List<String> errors = new ArrayList<>();
    for (ValidationMessage message : jsonSchema.validate(object)) {
      errors.add(message.getMessage());
    }
    if (errors.isEmpty()) {
      // Like the API server, CEL rules only run on structurally valid objects.
      evaluateRules(openApiSchema, object, "", errors);
    }
    return errors;
  }

  public List<String> validateYaml(String yaml) {
    try {
      return validate(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode toStrictJsonSchema() {
    ObjectNode root = openApiSchema.deepCopy();
    ObjectNode properties = root.with("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    closeObjects(root);
    return root;
  }

  /** Rejects unknown fields: every object schema with declared properties admits no others. */
  private static void closeObjects(JsonNode schema) {
    if (!(schema instanceof ObjectNode node)) {
      return;
    }
    node.remove("x-kubernetes-validations");
    if (node.has("properties") && !node.has("additionalProperties")
        && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      node.put("additionalProperties", false);
    }
    node.path("properties").forEach(CrdSchemaValidator::closeObjects);
    closeObjects(node.path("items"));
    closeObjects(node.path("additionalProperties"));
  }

  private static void evaluateRules(JsonNode schema, JsonNode value, String path, List<String> errors) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      if (!holds(rule.path("rule").asText(), value)) {
        String where = path.isEmpty() ? "<root>" : path;
        errors.add(where + ": Invalid value: " + rule.path("message").asText(rule.path("rule").asText()));
      }
    }
    if (value.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode child = schema.path("properties").path(field.getKey());
        if (child.isMissingNode()) {
          child = schema.path("additionalProperties");
        }
        evaluateRules(child, field.getValue(), join(path, field.getKey()), errors);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        evaluateRules(schema.path("items"), value.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  private static boolean holds(String rule, JsonNode value) {
    try {
      Object result = CEL.createProgram(CEL.compile(rule).getAst()).eval(Map.of("self", CelValues.of(value)));
      return Boolean.TRUE.equals(result);
    } catch (CelValidationException e) {
      throw new IllegalStateException("CEL rule does not compile: " + rule + ": " + e.getMessage(), e);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("CEL rule fails to evaluate: " + rule + ": " + e.getMessage(), e);
    }
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
