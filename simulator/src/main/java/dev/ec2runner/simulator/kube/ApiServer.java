package dev.ec2runner.simulator.kube;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP server of the embedded API, on 127.0.0.1. Requests go to the dispatcher through fabric8's mock-server
 * request handler (which also upgrades fabric8's watches to WebSockets), except kubectl's plain-HTTP watches:
 * those need a response that stays open and streams, which a dispatcher answer cannot do.
 */
final class ApiServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;

  private ApiServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts on a free loopback port. */
  static ApiServer start(Dispatcher dispatcher, StreamingWatch watches) {
    Vertx vertx = Vertx.vertx();
    HttpServerRequestHandler dispatched = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatcher.dispatch(request);
      }
    };
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setHandle100ContinueAutomatically(true))
        .requestHandler(request -> {
          if (StreamingWatch.accepts(request)) {
            watches.stream(vertx, request);
          } else {
            dispatched.handle(request);
          }
        });
    try {
      await(server.listen());
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    return new ApiServer(vertx, server);
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      await(server.close());
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting or stopping the embedded API", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the embedded API server failed to start or stop", e);
    }
  }
}
