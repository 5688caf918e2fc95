package dev.ec2runner.receiver.http;

import java.time.Duration;

/**
 * Limits of the HTTP server.
 *
 * @param maxBodyBytes largest accepted webhook body; GitHub caps payloads at 25 MB, job events are a few KB
 * @param idleTimeout how long a connection may send nothing before it is closed (slow or stalled clients)
 * @param bodyReadTimeout how long reading one body may take in all, however slowly it trickles in
 * @param maxThreads worker threads; each holds one request while it waits for the Kubernetes API
 * @param maxQueuedRequests requests waiting for a worker; beyond that connections are refused
 * @param shutdownGrace how long a stop waits for in-flight requests
 */
public record ServerSettings(String host, int port, long maxBodyBytes, Duration idleTimeout, Duration bodyReadTimeout,
    int maxThreads, int maxQueuedRequests, Duration shutdownGrace) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** Production defaults on the given address. */
  public static ServerSettings defaults(String host, int port) {
    return new ServerSettings(host, port, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), Duration.ofSeconds(5), 32, 256,
        Duration.ofSeconds(10));
  }

  public ServerSettings withPort(int newPort) {
    return new ServerSettings(host, newPort, maxBodyBytes, idleTimeout, bodyReadTimeout, maxThreads, maxQueuedRequests,
        shutdownGrace);
  }

  public ServerSettings withMaxBodyBytes(long bytes) {
    return new ServerSettings(host, port, bytes, idleTimeout, bodyReadTimeout, maxThreads, maxQueuedRequests,
        shutdownGrace);
  }

  public ServerSettings withTimeouts(Duration idle, Duration bodyRead) {
    return new ServerSettings(host, port, maxBodyBytes, idle, bodyRead, maxThreads, maxQueuedRequests, shutdownGrace);
  }
}
