package dev.ec2runner.simulator.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link SimulatedGitHub} over HTTP on 127.0.0.1 (a free port), optionally below a path prefix such as
 * {@code /api/v3} (GitHub Enterprise Server). Every answer carries {@code x-ratelimit-*} headers; failure switches,
 * authentication and the budget are applied before the endpoint runs; every call is logged and shown to the
 * {@link ExchangeObserver}.
 */
public final class SimulatedGitHubServer implements AutoCloseable {

  private final SimulatedGitHub github;
  private final String prefix;
  private final List<Route> routes = new ArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestGate gate;
  private volatile ExchangeObserver observer = ExchangeObserver.NONE;

  private SimulatedGitHubServer(SimulatedGitHub github, String prefix) throws IOException {
    this.github = github;
    this.prefix = prefix;
    this.gate = new RequestGate(github);
    routes.addAll(new AppEndpoints(github).routes());
    routes.addAll(new RunnerEndpoints(github).routes());
    routes.addAll(new JobEndpoints(github).routes());
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(4, task -> {
      Thread thread = new Thread(task, "simulated-github-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static SimulatedGitHubServer start(SimulatedGitHub github) throws IOException {
    return start(github, "");
  }

  /** @param pathPrefix {@code ""} for api.github.com style, {@code "/api/v3"} for GitHub Enterprise Server */
  public static SimulatedGitHubServer start(SimulatedGitHub github, String pathPrefix) throws IOException {
    return new SimulatedGitHubServer(github, pathPrefix == null ? "" : pathPrefix.replaceAll("/+$", ""));
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:41234/api/v3}. */
  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  public void observe(ExchangeObserver exchangeObserver) {
    this.observer = exchangeObserver == null ? ExchangeObserver.NONE : exchangeObserver;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
      String rawPath = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      SimResponse response;
      String path = rawPath;
      if (!rawPath.startsWith(prefix + "/")) {
        response = SimResponse.error(404, "Not Found");
      } else {
        path = rawPath.substring(prefix.length());
        SimRequest request = new SimRequest(method, path, exchange.getRequestURI().getRawQuery(), headers, body,
            apiUrl().toString());
        response = dispatch(request);
      }
      // Observed before the answer leaves, so a client that got its answer knows the exchange was seen.
      Map<String, List<String>> visibleHeaders = new LinkedHashMap<>(headers);
      visibleHeaders.remove("authorization");
      observer.observe(new Exchange(method, path, exchange.getRequestURI().getRawQuery(), visibleHeaders, body,
          response.status(), Map.copyOf(response.headers()), response.body()));
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      if (response.body().length > 0) {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      }
      boolean noBody = response.body().length == 0;
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  private SimResponse dispatch(SimRequest request) {
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.match(request.method(), request.path());
      if (params.isPresent()) {
        return gate.pass(route, request, params.get());
      }
    }
    github.calls().record(new ApiCall(request.method() + " " + request.path(), 404, github.clock.instant()));
    return SimResponse.error(404, "Not Found");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
