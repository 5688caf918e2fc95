package dev.ec2runner.simulator.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One endpoint of the simulated GitHub, named by its OpenAPI path template. */
record Route(String method, String template, Auth auth, boolean costsBudget, Handler handler, Pattern pattern,
    List<String> names) {

  /** The credential an endpoint takes. */
  enum Auth { APP_JWT, INSTALLATION }

  @FunctionalInterface
  interface Handler {
    SimResponse handle(Caller caller, SimRequest request, Map<String, String> params);
  }

  static Route of(String method, String template, Auth auth, Handler handler) {
    return of(method, template, auth, true, handler);
  }

  static Route of(String method, String template, Auth auth, boolean costsBudget, Handler handler) {
    List<String> names = new ArrayList<>();
    Matcher placeholder = Pattern.compile("\\{([a-z_]+)}").matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (placeholder.find()) {
      regex.append(Pattern.quote(template.substring(last, placeholder.start()))).append("([^/]+)");
      names.add(placeholder.group(1));
      last = placeholder.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return new Route(method, template, auth, costsBudget, handler, Pattern.compile(regex.toString()), names);
  }

  /** {@code METHOD /path/{template}}, as the call log and adapter listeners name endpoints. */
  String endpoint() {
    return method + " " + template;
  }

  /** The path parameters when the request is for this endpoint. */
  Optional<Map<String, String>> match(String requestMethod, String path) {
    if (!method.equals(requestMethod)) {
      return Optional.empty();
    }
    Matcher matcher = pattern.matcher(path);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      params.put(names.get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
    }
    return Optional.of(params);
  }
}
