package dev.ec2runner.simulator.kube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A resource request path of the Kubernetes API, taken apart: {@code /api/v1/namespaces/ns/events},
 * {@code /apis/ec2runner.dev/v1alpha1/namespaces/ns/runnerpools/name/scale}.
 *
 * @param group empty for the core group
 * @param namespace null for cluster-scoped requests and requests across all namespaces
 * @param name null for collection requests
 * @param subresource null unless the path addresses one, such as {@code status} or {@code scale}
 * @param query decoded query parameters (the first value of each)
 */
record ApiPath(String group, String version, String namespace, String plural, String name,
    String subresource, Map<String, String> query) {

  /** Parses a request path with its query string; empty when the path does not name a resource. */
  static Optional<ApiPath> parse(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : parseQuery(pathAndQuery.substring(q + 1));
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(ArrayList::new));
    String group;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      segments.remove(0);
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      segments.subList(0, 2).clear();
    } else {
      return Optional.empty();
    }
    String version = segments.remove(0);
    String namespace = null;
    // namespaces/{ns}/{plural}... is a namespaced request; namespaces/{name}[/status] is the Namespace itself.
    if (segments.size() >= 3 && segments.get(0).equals("namespaces") && !isNamespaceSubresource(segments)) {
      namespace = segments.get(1);
      segments.subList(0, 2).clear();
    }
    if (segments.isEmpty() || segments.size() > 3) {
      return Optional.empty();
    }
    String plural = segments.get(0);
    String name = segments.size() > 1 ? segments.get(1) : null;
    String subresource = segments.size() > 2 ? segments.get(2) : null;
    return Optional.of(new ApiPath(group, version, namespace, plural, name, subresource, query));
  }

  private static boolean isNamespaceSubresource(List<String> segments) {
    return segments.size() == 3 && (segments.get(2).equals("status") || segments.get(2).equals("finalize"));
  }

  private static Map<String, String> parseQuery(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      values.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return values;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  boolean isCollection() {
    return name == null;
  }

  boolean isWatch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  /** The resource as kubectl names it in messages: {@code runnerpools.ec2runner.dev}, {@code secrets}. */
  String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The path of the object itself (no subresource, no query); the collection's for collection requests. */
  String objectPath() {
    return name == null ? collectionPath() : collectionPath() + "/" + name;
  }

  /** The path of the collection the object is in (no query). */
  String collectionPath() {
    StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(version);
    if (namespace != null) {
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/').append(plural).toString();
  }

  /** The same request path with the given query parameters dropped, the others kept as sent. */
  static String withoutQueryParameters(String pathAndQuery, String... dropped) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return pathAndQuery;
    }
    List<String> drop = List.of(dropped);
    String kept = Arrays.stream(pathAndQuery.substring(q + 1).split("&"))
        .filter(pair -> !pair.isEmpty() && !drop.contains(decode(pair.split("=", 2)[0])))
        .collect(Collectors.joining("&"));
    return pathAndQuery.substring(0, q) + (kept.isEmpty() ? "" : "?" + kept);
  }
}
