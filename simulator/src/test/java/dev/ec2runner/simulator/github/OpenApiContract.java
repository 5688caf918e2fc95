package dev.ec2runner.simulator.github;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks every exchange with the simulated GitHub against GitHub's OpenAPI description (the @octokit/openapi subsets
 * in {@code src/test/resources/github}): the request the client sent and the answer the simulation gave. Records
 * violations instead of throwing, so a test can fail on them after the exchange completed.
 */
final class OpenApiContract implements ExchangeObserver {

  /** Answers GitHub gives on any endpoint, documented or not; their body must still be GitHub's error shape. */
  private static final Set<Integer> GENERIC_STATUSES = Set.of(304, 401, 403, 404, 409, 422, 429, 500, 502, 503);
  /** Endpoints the subsets lack; see the README next to the specs. */
  private static final Pattern NOT_IN_SUBSET = Pattern.compile("/enterprises/[^/]+/actions/runner-groups");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiInteractionValidator REST = validator("/github/github-rest-subset.json");
  private static final OpenApiInteractionValidator ENTERPRISE =
      validator("/github/github-enterprise-runners-subset.json");

  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> checked = Collections.synchronizedSet(new TreeSet<>());

  @Override
  public void observe(Exchange exchange) {
    if (NOT_IN_SUBSET.matcher(exchange.path()).matches()) {
      return;
    }
    OpenApiInteractionValidator validator = exchange.path().startsWith("/enterprises/") ? ENTERPRISE : REST;
    ValidationReport report = validator.validate(request(exchange), response(exchange));
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() != ValidationReport.Level.ERROR) {
        continue;
      }
      if ("validation.response.status.unknown".equals(message.getKey())
          && GENERIC_STATUSES.contains(exchange.status())) {
        checkGenericAnswer(exchange);
        continue;
      }
      violations.add(exchange.method() + " " + exchange.path() + " → " + exchange.status() + ": "
          + message.getKey() + " " + message.getMessage());
    }
    checked.add(exchange.method() + " " + exchange.path().replaceAll("/\\d+", "/N") + " " + exchange.status());
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The violations so far, forgetting them: for tests that send a bad request on purpose. */
  List<String> drainViolations() {
    synchronized (violations) {
      List<String> drained = List.copyOf(violations);
      violations.clear();
      return drained;
    }
  }

  /** The exchanges seen, as {@code METHOD path status} with numeric ids replaced by N. */
  Set<String> checked() {
    return Set.copyOf(checked);
  }

  private void checkGenericAnswer(Exchange exchange) {
    if (exchange.responseBody().length == 0) {
      return;
    }
    try {
      JsonNode body = JSON.readTree(exchange.responseBody());
      if (!body.path("message").isTextual()) {
        violations.add(exchange.method() + " " + exchange.path() + " → " + exchange.status()
            + ": error answer without a string 'message'");
      }
    } catch (IOException e) {
      violations.add(exchange.method() + " " + exchange.path() + " → " + exchange.status() + ": body is not JSON");
    }
  }

  private static Request request(Exchange exchange) {
    SimpleRequest.Builder builder = new SimpleRequest.Builder(exchange.method(), exchange.path());
    exchange.requestHeaders().forEach(builder::withHeader);
    if (exchange.requestBody().length > 0) {
      builder.withBody(exchange.requestBody());
    }
    if (exchange.rawQuery() != null && !exchange.rawQuery().isEmpty()) {
      for (String pair : exchange.rawQuery().split("&")) {
        int eq = pair.indexOf('=');
        builder.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return builder.build();
  }

  private static SimpleResponse response(Exchange exchange) {
    SimpleResponse.Builder builder = SimpleResponse.Builder.status(exchange.status());
    exchange.responseHeaders().forEach(builder::withHeader);
    if (exchange.responseBody().length > 0) {
      builder.withContentType("application/json").withBody(exchange.responseBody());
    }
    return builder.build();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static OpenApiInteractionValidator validator(String resource) {
    try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return OpenApiInteractionValidator
          .createForInlineApiSpecification(new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
