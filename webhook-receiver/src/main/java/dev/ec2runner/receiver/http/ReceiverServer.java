package dev.ec2runner.receiver.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.receiver.Delivery;
import dev.ec2runner.receiver.Outcome;
import dev.ec2runner.receiver.ReceiverMetrics;
import dev.ec2runner.receiver.WebhookHandler;
import dev.ec2runner.receiver.WebhookResponse;
import dev.ec2runner.receiver.WebhookSignature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's HTTP server: {@code POST /webhook}, {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}.
 *
 * <p>Built on Javalin (Jetty 12) rather than Vert.x 5: the receiver's work is blocking calls to the Kubernetes API
 * through the fabric8 client, which a bounded pool of worker threads serves directly, while Jetty's selectors keep
 * slow clients from holding a thread until their request is complete. Jetty also brings the pieces this server
 * needs ready-made: connection idle timeouts, a bounded queued thread pool and a graceful stop that lets in-flight
 * requests finish.
 */
public final class ReceiverServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverServer.class);
  private static final int JETTY_THREADS = 8;
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final ServerSettings settings;
  private final WebhookHandler handler;
  private final Supplier<Optional<String>> notReadyReason;
  private final ReceiverMetrics metrics;
  private final Javalin app;

  /**
   * @param notReadyReason empty when the receiver can record jobs, otherwise why not (answered by /readyz)
   */
  public ReceiverServer(ServerSettings settings, WebhookHandler handler, Supplier<Optional<String>> notReadyReason,
      ReceiverMetrics metrics) {
    this.settings = settings;
    this.handler = handler;
    this.notReadyReason = notReadyReason;
    this.metrics = metrics;
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.startup.startupWatcherEnabled = false;
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.http.prefer405over404 = true;
      config.jetty.threadPool = threadPool(settings);
      QoSHandler admission = admission(settings);
      metrics.overloadRejections(admission, qos -> qos.getTotalExceededRequestCount() + qos.getTotalExpiredRequestCount());
      // Outermost first: graceful stop, then whole bodies before admission, so slow senders hold no worker slot.
      BodyPrefetchHandler prefetch = new BodyPrefetchHandler("/webhook", settings.maxBodyBytes(),
          settings.bodyReadTimeout(), settings.maxBufferedBytes(),
          (event, outcome, nanos) -> metrics.record(event, null, outcome, nanos));
      config.jetty.modifyServer(server -> {
        server.insertHandler(admission);
        server.insertHandler(prefetch);
        server.insertHandler(new GracefulHandler());
        server.setStopTimeout(settings.shutdownGrace().toMillis());
        server.setErrorHandler(new JsonErrorHandler());
      });
      config.jetty.addConnector((server, httpConfig) -> {
        httpConfig.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        return connector;
      });
      config.routes.post("/webhook", this::webhook);
      config.routes.get("/healthz", ctx -> answer(ctx, Outcome.PONG.status(), "ok", "alive", null));
      config.routes.get("/readyz", this::readiness);
      config.routes.get("/metrics", ctx -> ctx.contentType(ReceiverMetrics.CONTENT_TYPE).result(metrics.scrape()));
      config.routes.error(404, ctx -> answer(ctx, 404, Outcome.NOT_FOUND.tag(), "no such endpoint", null));
      config.routes.error(405, ctx -> answer(ctx, 405, Outcome.METHOD_NOT_ALLOWED.tag(), "method not allowed", null));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
        answer(ctx, 500, Outcome.ERROR.tag(), "internal error", null);
      });
    });
  }

  public ReceiverServer start() {
    app.start();
    LOG.info("Webhook receiver listening on {}:{}", settings.host(), port());
    return this;
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  /** Stops accepting connections and waits up to the shutdown grace for in-flight requests to finish. */
  @Override
  public void close() {
    app.stop();
  }

  private void webhook(Context ctx) {
    long started = System.nanoTime();
    String event = ctx.header("X-GitHub-Event");
    WebhookResponse response;
    try {
      byte[] body = BoundedBody.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(),
          settings.maxBodyBytes(), settings.bodyReadTimeout());
      response = handler.handle(new Delivery(event, ctx.header("X-GitHub-Delivery"), ctx.header(WebhookSignature.HEADER),
          ctx.header("Content-Type"), body));
    } catch (BodyRejectedException e) {
      response = WebhookResponse.of(e.outcome(), event, e.getMessage());
    } catch (IOException e) {
      response = WebhookResponse.of(Outcome.TIMEOUT, event, "request body not received");
    }
    if (response.outcome() == Outcome.TOO_LARGE || response.outcome() == Outcome.TIMEOUT) {
      // The rest of the body is not read, so the connection cannot carry another request.
      ctx.header("Connection", "close");
    }
    answer(ctx, response.outcome().status(), response.outcome().tag(), response.message(), response.workflowJob());
    metrics.record(event, response.action(), response.outcome(), System.nanoTime() - started);
  }

  private void readiness(Context ctx) {
    Optional<String> reason = notReadyReason.get();
    if (reason.isPresent()) {
      answer(ctx, 503, "not_ready", reason.get(), null);
    } else {
      answer(ctx, 200, "ready", "ready", null);
    }
  }

  private static void answer(Context ctx, int status, String outcome, String message, String workflowJob) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(new Answer(outcome, message, workflowJob)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an answer", e);
    }
  }

  /** Threads for the admitted requests plus Jetty's own acceptor and selector tasks. */
  private static QueuedThreadPool threadPool(ServerSettings settings) {
    QueuedThreadPool pool = new QueuedThreadPool(settings.maxConcurrentRequests() + JETTY_THREADS, JETTY_THREADS);
    pool.setName("webhook-http");
    return pool;
  }

  /**
   * Bounds the work: a few requests at once, a bounded number waiting without holding a thread, and a quick 503
   * for the rest, which GitHub records as a failed delivery to redeliver.
   */
  private static QoSHandler admission(ServerSettings settings) {
    QoSHandler admission = new QoSHandler();
    // Probes and scrapes stay answerable under load, so an overloaded receiver is not also restarted.
    admission.includePath("/webhook");
    admission.setMaxRequestCount(settings.maxConcurrentRequests());
    admission.setMaxSuspendedRequestCount(settings.maxQueuedRequests());
    admission.setMaxSuspend(settings.maxQueueWait());
    admission.setRejectStatusCode(503);
    return admission;
  }

  /** The JSON body of every answer. */
  private record Answer(String outcome, String message, String workflowJob) {
  }
}
