package dev.ec2runner.receiver.http;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Jetty's own error answers (malformed HTTP, oversized headers, shutdown) as the same small JSON, never a stack. */
final class JsonErrorHandler extends ErrorHandler {

  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  @Override
  protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
      List<Charset> charsets, int code, String message, Throwable cause) throws java.io.IOException {
    return super.generateAcceptableResponse(request, response, callback, "application/json", List.of(StandardCharsets.UTF_8),
        code, message, cause);
  }

  @Override
  protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
    writer.write(body(code));
  }

  private static String body(int code) {
    // The reason phrase is fixed text: nothing from the request is echoed.
    String reason = HttpStatus.getMessage(code);
    // 503 here means overloaded or stopping: the same outcome as an unreachable API server, worth a redelivery.
    String outcome = code == HttpStatus.SERVICE_UNAVAILABLE_503 ? "unavailable" : "http_error";
    return "{\"outcome\":\"" + outcome + "\",\"message\":\"" + code + " " + reason + "\"}";
  }
}
