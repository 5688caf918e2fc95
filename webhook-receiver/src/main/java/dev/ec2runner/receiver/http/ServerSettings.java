package dev.ec2runner.receiver.http;

import java.time.Duration;

/**
 * Limits of the HTTP server.
 *
 * @param maxBodyBytes largest accepted webhook body; GitHub caps payloads at 25 MB, job events are a few KB
 * @param idleTimeout how long a connection may send nothing before it is closed (slow or stalled clients)
 * @param bodyReadTimeout how long receiving one body may take in all, however slowly it trickles in
 * @param maxConcurrentRequests requests handled at once, each on a worker thread while it waits for the API server
 * @param maxQueuedRequests requests waiting (without a thread) for a slot; beyond that the answer is 503
 * @param maxQueueWait how long a request may wait for a slot before the answer is 503
 * @param shutdownGrace how long a stop waits for in-flight requests
 * @param maxBufferedBytes the most body bytes held in memory at once over all requests being received or waiting;
 *     beyond that the answer is 503
 */
public record ServerSettings(String host, int port, long maxBodyBytes, Duration idleTimeout, Duration bodyReadTimeout,
    int maxConcurrentRequests, int maxQueuedRequests, Duration maxQueueWait, Duration shutdownGrace,
    long maxBufferedBytes) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

  /** Production defaults on the given address. */
  public static ServerSettings defaults(String host, int port) {
    return new ServerSettings(host, port, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), Duration.ofSeconds(5), 24, 256,
        Duration.ofSeconds(2), Duration.ofSeconds(10), DEFAULT_MAX_BUFFERED_BYTES);
  }

  public ServerSettings withMaxBodyBytes(long bytes) {
    return new ServerSettings(host, port, bytes, idleTimeout, bodyReadTimeout, maxConcurrentRequests, maxQueuedRequests,
        maxQueueWait, shutdownGrace, Math.max(bytes, maxBufferedBytes));
  }

  public ServerSettings withTimeouts(Duration idle, Duration bodyRead) {
    return new ServerSettings(host, port, maxBodyBytes, idle, bodyRead, maxConcurrentRequests, maxQueuedRequests,
        maxQueueWait, shutdownGrace, maxBufferedBytes);
  }

  public ServerSettings withConcurrency(int concurrent, int queued) {
    return new ServerSettings(host, port, maxBodyBytes, idleTimeout, bodyReadTimeout, concurrent, queued, maxQueueWait,
        shutdownGrace, maxBufferedBytes);
  }

  public ServerSettings withMaxBufferedBytes(long bytes) {
    return new ServerSettings(host, port, maxBodyBytes, idleTimeout, bodyReadTimeout, maxConcurrentRequests,
        maxQueuedRequests, maxQueueWait, shutdownGrace, bytes);
  }
}
