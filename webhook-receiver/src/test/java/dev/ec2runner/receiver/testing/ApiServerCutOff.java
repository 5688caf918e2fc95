package dev.ec2runner.receiver.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An interceptor that, once {@link #cut()}, sends a client's new requests to a loopback port nothing listens on, so
 * they fail as against a stopped API server (connection refused) while the shared real server stays up for others.
 */
public final class ApiServerCutOff implements Interceptor {

  private final AtomicBoolean cut = new AtomicBoolean();
  private final int deadPort = deadPort();

  private static int deadPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on every new request of the client is refused. */
  public void cut() {
    cut.set(true);
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (cut.get()) {
      URI uri = request.uri();
      try {
        builder.uri(new URI(uri.getScheme(), null, "127.0.0.1", deadPort, uri.getRawPath(), uri.getRawQuery(), null));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
