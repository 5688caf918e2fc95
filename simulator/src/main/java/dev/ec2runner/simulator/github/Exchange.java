package dev.ec2runner.simulator.github;

import java.util.List;
import java.util.Map;

/**
 * One request and its answer, for observers such as an OpenAPI contract check. The {@code Authorization} header is
 * left out.
 *
 * @param path the path below the server's prefix
 */
public record Exchange(String method, String path, String rawQuery, Map<String, List<String>> requestHeaders,
    byte[] requestBody, int status, Map<String, String> responseHeaders, byte[] responseBody) {
}
