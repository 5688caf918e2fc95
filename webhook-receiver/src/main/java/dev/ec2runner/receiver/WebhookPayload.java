package dev.ec2runner.receiver;

import dev.ec2runner.receiver.event.MalformedPayloadException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON of a delivery. A GitHub webhook sends it as {@code application/json}, or, when its content type is set to
 * {@code application/x-www-form-urlencoded}, as the form field {@code payload}; both are accepted, so a webhook
 * configured either way loses no job. The signature covers the raw body, so it is checked before this runs.
 */
final class WebhookPayload {

  static final String FORM = "application/x-www-form-urlencoded";
  private static final String FIELD = "payload";

  /** A content type that is neither JSON nor GitHub's form encoding. */
  static final class UnsupportedContentTypeException extends Exception {
    UnsupportedContentTypeException() {
      super("unsupported content type: GitHub sends application/json (recommended) or " + FORM, null, false, false);
    }
  }

  private WebhookPayload() {
  }

  /**
   * @param contentType the Content-Type header, or null (then the body is taken as JSON)
   * @throws MalformedPayloadException for a form without a well-encoded {@code payload} field
   */
  static byte[] json(String contentType, byte[] body) throws MalformedPayloadException, UnsupportedContentTypeException {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      return body;
    }
    if (!mediaType.equals(FORM)) {
      throw new UnsupportedContentTypeException();
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (name.equals(FIELD)) {
        try {
          return URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8)
              .getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new MalformedPayloadException("form field " + FIELD + " is not valid URL encoding");
        }
      }
    }
    throw new MalformedPayloadException("form-encoded delivery without a " + FIELD + " field");
  }
}
