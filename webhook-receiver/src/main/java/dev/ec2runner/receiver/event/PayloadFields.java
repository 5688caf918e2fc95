package dev.ec2runner.receiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of dotted paths in a JSON payload; a present field of the wrong type is malformed, a missing one null. */
final class PayloadFields {

  private final JsonNode root;

  PayloadFields(JsonNode root) {
    this.root = root;
  }

  String text(String path) throws MalformedPayloadException {
    JsonNode node = at(path);
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw new MalformedPayloadException(path + " must be a string");
    }
    return checkedText(path, node.textValue());
  }

  String requiredText(String path) throws MalformedPayloadException {
    String value = text(path);
    if (value == null || value.isBlank()) {
      throw new MalformedPayloadException("missing " + path);
    }
    return value;
  }

  Long longValue(String path) throws MalformedPayloadException {
    JsonNode node = at(path);
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new MalformedPayloadException(path + " must be an integer");
    }
    return node.longValue();
  }

  long requiredPositiveLong(String path) throws MalformedPayloadException {
    Long value = longValue(path);
    if (value == null) {
      throw new MalformedPayloadException("missing " + path);
    }
    if (value < 1) {
      throw new MalformedPayloadException(path + " must be positive");
    }
    return value;
  }

  Integer intValue(String path) throws MalformedPayloadException {
    Long value = longValue(path);
    if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      throw new MalformedPayloadException(path + " is out of range");
    }
    return value == null ? null : value.intValue();
  }

  List<String> textList(String path) throws MalformedPayloadException {
    JsonNode node = at(path);
    if (absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new MalformedPayloadException(path + " must be an array of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new MalformedPayloadException(path + " must be an array of strings");
      }
      values.add(checkedText(path, element.textValue()));
    }
    return values;
  }

  /**
   * JSON may escape half of a UTF-16 surrogate pair (backslash, u, d800), which is no text: it has no UTF-8 form, so
   * the API server would store something else than was sent (and every redelivery would look like news).
   */
  private static String checkedText(String path, String value) throws MalformedPayloadException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new MalformedPayloadException(path + " is not valid Unicode (unpaired surrogate)");
      }
    }
    return value;
  }

  /** Whether the path leads to a JSON object (not null, not missing). */
  boolean hasObject(String path) {
    return at(path).isObject();
  }

  private JsonNode at(String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }
}
