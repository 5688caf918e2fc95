package dev.ec2runner.receiver.http;

import dev.ec2runner.receiver.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Receives a webhook body in full before the request may take a worker thread or an admission slot. A client that
 * sends its body slowly (one byte a second) or not at all then holds a connection and a small buffer, never one of
 * the few workers, so it cannot starve GitHub's deliveries. A body over the size limit is refused at once (413),
 * one not complete by the deadline is cut off (408), and when the bodies held in memory would exceed their budget
 * the request is turned away (503, which GitHub redelivers); each of these closes the connection.
 */
final class BodyPrefetchHandler extends Handler.Wrapper {

  /** Told about every request this handler answers itself. */
  interface Rejections {
    void rejected(String event, Outcome outcome, long elapsedNanos);
  }

  private final String path;
  private final long maxBodyBytes;
  private final Duration deadline;
  private final long budgetBytes;
  private final Rejections rejections;
  private final AtomicLong buffered = new AtomicLong();

  /**
   * @param budgetBytes the most body bytes held in memory at once, over all requests (received or queued)
   */
  BodyPrefetchHandler(String path, long maxBodyBytes, Duration deadline, long budgetBytes, Rejections rejections) {
    this.path = path;
    this.maxBodyBytes = maxBodyBytes;
    this.deadline = deadline;
    this.budgetBytes = budgetBytes;
    this.rejections = rejections;
  }

  /** Body bytes held right now (for tests and metrics). */
  long bufferedBytes() {
    return buffered.get();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!HttpMethod.POST.is(request.getMethod()) || !path.equals(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    if (request.getLength() > maxBodyBytes) {
      reject(request, response, callback, Outcome.TOO_LARGE, "request body exceeds " + maxBodyBytes + " bytes");
      return true;
    }
    new Collector(request, response, callback).start();
    return true;
  }

  /** Reads one request's body chunk by chunk as it arrives, without blocking a thread while waiting. */
  private final class Collector implements Runnable {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicLong held = new AtomicLong();
    private Scheduler.Task timer;

    Collector(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    void start() {
      Request.addCompletionListener(request, failure -> buffered.addAndGet(-held.getAndSet(0)));
      timer = request.getComponents().getScheduler().schedule(() -> settle(Outcome.TIMEOUT,
          "request body not received within " + deadline.toMillis() + " ms"), deadline.toMillis(), TimeUnit.MILLISECONDS);
      run();
    }

    @Override
    public void run() {
      while (!settled.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          // The client went away or stalled past the idle timeout: there is nobody left to answer.
          settle(Outcome.TIMEOUT, "request body not received");
          return;
        }
        boolean last = chunk.isLast();
        int size = chunk.remaining();
        if (body.size() + (long) size > maxBodyBytes) {
          chunk.release();
          settle(Outcome.TOO_LARGE, "request body exceeds " + maxBodyBytes + " bytes");
          return;
        }
        if (buffered.addAndGet(size) > budgetBytes) {
          buffered.addAndGet(-size);
          chunk.release();
          settle(Outcome.UNAVAILABLE, "too many deliveries in flight; retry later");
          return;
        }
        held.addAndGet(size);
        ByteBuffer bytes = chunk.getByteBuffer();
        byte[] copy = new byte[size];
        bytes.get(copy);
        body.write(copy, 0, size);
        chunk.release();
        if (last) {
          complete();
          return;
        }
      }
    }

    private void complete() {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      timer.cancel();
      try {
        if (!BodyPrefetchHandler.super.handle(new BufferedRequest(request, body.toByteArray()), response, callback)) {
          Response.writeError(request, response, callback, 404);
        }
      } catch (Throwable failure) {
        callback.failed(failure);
      }
    }

    /** Answers the request here, once, whichever comes first: the deadline or the end of the read. */
    private void settle(Outcome outcome, String message) {
      if (settled.compareAndSet(false, true)) {
        timer.cancel();
        reject(request, response, callback, outcome, message);
      }
    }
  }

  private void reject(Request request, Response response, Callback callback, Outcome outcome, String message) {
    rejections.rejected(request.getHeaders().get("X-GitHub-Event"), outcome,
        System.nanoTime() - request.getBeginNanoTime());
    response.setStatus(outcome.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // The rest of the body is not read, so the connection cannot carry another request.
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    String json = "{\"outcome\":\"" + outcome.tag() + "\",\"message\":\"" + message + "\"}";
    response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** The request with its body already in memory: every read answers at once. */
  private static final class BufferedRequest extends Request.Wrapper {

    private Content.Chunk remaining;

    BufferedRequest(Request request, byte[] body) {
      super(request);
      this.remaining = Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public synchronized Content.Chunk read() {
      Content.Chunk chunk = remaining;
      remaining = Content.Chunk.next(chunk);
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }

    @Override
    public boolean consumeAvailable() {
      return true;
    }
  }
}
