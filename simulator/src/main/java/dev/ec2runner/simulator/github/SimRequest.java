package dev.ec2runner.simulator.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request to the simulated GitHub.
 *
 * @param path the path below the server's prefix (so {@code /api/v3/orgs/x} arrives as {@code /orgs/x})
 * @param base the server's API URL, for pagination links
 */
record SimRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
    String base) {

  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  Map<String, String> query() {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.putIfAbsent(key, value);
      }
    }
    return query;
  }

  /** A positive integer query parameter, bounded, or the default when absent. */
  int intParam(String name, int defaultValue, int max) {
    String value = query().get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Math.max(1, Math.min(max, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }
}
