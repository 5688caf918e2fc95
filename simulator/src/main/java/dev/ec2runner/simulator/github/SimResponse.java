package dev.ec2runner.simulator.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the simulated GitHub: status, extra headers and a JSON body (empty for 204 and 304). */
record SimResponse(int status, Map<String, String> headers, byte[] body) {

  static final ObjectMapper JSON = new ObjectMapper();

  static SimResponse json(int status, Object body) {
    try {
      return new SimResponse(status, new LinkedHashMap<>(), JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static SimResponse empty(int status) {
    return new SimResponse(status, new LinkedHashMap<>(), new byte[0]);
  }

  /** GitHub's error body: {@code message} and {@code documentation_url}. */
  static SimResponse error(int status, String message) {
    return json(status, Map.of("message", message,
        "documentation_url", "https://docs.github.com/rest", "status", Integer.toString(status)));
  }

  SimResponse withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
