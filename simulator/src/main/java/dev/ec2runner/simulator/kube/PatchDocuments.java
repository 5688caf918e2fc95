package dev.ec2runner.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Applies the PATCH bodies kubectl sends: JSON merge patches, JSON patches and (a safe subset of) strategic ones. */
final class PatchDocuments {

  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  private PatchDocuments() {
  }

  /**
   * Applies a patch of the given content type to a copy of {@code target}.
   *
   * @throws UnsupportedPatchException for a content type or strategic patch this API cannot apply faithfully
   */
  static JsonNode apply(JsonNode target, JsonNode patch, String contentType) {
    String type = mediaType(contentType);
    return switch (type) {
      case MERGE_PATCH -> mergePatch(target, patch);
      case JSON_PATCH -> JsonPatch.apply(patch, target);
      case STRATEGIC_MERGE_PATCH -> mergePatch(target, strategicAsMerge(patch));
      default -> throw new UnsupportedPatchException("unsupported patch type " + contentType
          + "; use " + MERGE_PATCH + " or " + JSON_PATCH);
    };
  }

  /** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /**
   * A strategic merge patch equals a JSON merge patch as long as it touches no lists and carries no directives
   * ({@code $patch}, {@code $setElementOrder/…}): maps merge and scalars replace in both. That covers
   * {@code kubectl apply} of Secrets and ConfigMaps. List merging by key is not implemented, so such patches are
   * refused instead of being applied with different semantics.
   *
   * @throws UnsupportedPatchException naming the list or directive
   */
  static JsonNode strategicAsMerge(JsonNode patch) {
    checkMergeable(patch, "");
    return patch;
  }

  private static void checkMergeable(JsonNode node, String path) {
    if (node.isArray()) {
      throw new UnsupportedPatchException("strategic merge patch of the list " + path
          + " is not supported by the embedded API; use kubectl patch --type=merge or --type=json");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().startsWith("$")) {
        throw new UnsupportedPatchException("strategic merge patch directive " + field.getKey() + " at " + path
            + " is not supported by the embedded API; use kubectl patch --type=merge or --type=json");
      }
      checkMergeable(field.getValue(), path + "." + field.getKey());
    }
  }

  static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  /** A PATCH this API refuses (415) rather than apply with the wrong semantics. */
  static final class UnsupportedPatchException extends RuntimeException {
    UnsupportedPatchException(String message) {
      super(message);
    }
  }
}
