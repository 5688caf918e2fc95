package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Converts an object or a list into a {@code meta.k8s.io/v1 Table}, what {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}: a Name column, then the CRD's printer columns in
 * declaration order (or Age for kinds without any), one row per object carrying its metadata.
 */
final class TableConverter {

  static final String TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when "
      + "creating resources, although some resources may allow a client to request the generation of an "
      + "appropriate name automatically. Name is primarily intended for creation idempotence and configuration "
      + "definition. Cannot be updated. More info: "
      + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

  private final CrdCatalog crds;
  private final ColumnCells cells;

  TableConverter(CrdCatalog crds, Clock clock) {
    this.crds = crds;
    this.cells = new ColumnCells(clock);
  }

  /** Whether a request's Accept header asks for a table (kubectl get does; describe and clients do not). */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  /**
   * The table for a GET answer.
   *
   * @param body the object, or a list with {@code items}
   * @param includeObject None, Metadata (the default) or Object: what each row carries in {@code object}
   */
  ObjectNode convert(ApiPath path, JsonNode body, String includeObject) {
    List<CustomResourceColumnDefinition> columns = columnsFor(path);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode table = nodes.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    String resourceVersion = body.path("metadata").path("resourceVersion").asText("");
    if (!resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", NAME_DESCRIPTION).put("priority", 0);
    for (CustomResourceColumnDefinition column : columns) {
      definitions.addObject().put("name", column.getName()).put("type", column.getType())
          .put("format", column.getFormat() == null ? "" : column.getFormat())
          .put("description", column.getDescription() == null ? "" : column.getDescription())
          .put("priority", column.getPriority() == null ? 0 : column.getPriority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects(body)) {
      ObjectNode row = rows.addObject();
      ArrayNode rowCells = row.putArray("cells");
      rowCells.add(object.path("metadata").path("name").asText());
      for (CustomResourceColumnDefinition column : columns) {
        rowCells.add(cells.cell(object, column.getJsonPath(), column.getType()));
      }
      switch (includeObject == null ? "Metadata" : includeObject) {
        case "None" -> { }
        case "Object" -> row.set("object", object);
        default -> row.putObject("object").put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1").set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  private List<CustomResourceColumnDefinition> columnsFor(ApiPath path) {
    List<CustomResourceColumnDefinition> columns = new ArrayList<>();
    if (!path.group().isEmpty()) {
      CustomResourceDefinition crd = crds.find(path.group(), path.plural()).orElse(null);
      if (crd != null) {
        CrdCatalog.servedVersion(crd, path.version()).map(v -> v.getAdditionalPrinterColumns())
            .ifPresent(defined -> columns.addAll(defined));
        if (columns.isEmpty()) {
          columns.add(BuiltInResources.age());
        }
        return columns;
      }
    }
    BuiltInResources.find(path.group(), path.version(), path.plural())
        .ifPresent(resource -> columns.addAll(resource.columns()));
    columns.add(BuiltInResources.age());
    return columns;
  }

  /** The objects of a list sorted by namespace and name as the API server (etcd key order) returns them. */
  private static List<JsonNode> objects(JsonNode body) {
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    objects.sort(Comparator.comparing((JsonNode o) -> o.path("metadata").path("namespace").asText(""))
        .thenComparing(o -> o.path("metadata").path("name").asText("")));
    return objects;
  }
}
