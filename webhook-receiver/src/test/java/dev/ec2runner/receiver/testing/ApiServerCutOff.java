package dev.ec2runner.receiver.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An interceptor that routes a client's requests to the API server through a loopback relay of its own, which
 * {@link #cut()} takes down: the relay drops every open connection (open watches included, as their server's end
 * going away) and stops listening, so every new request is refused. The client sees what it would see of a vanished
 * API server, while the shared real server stays up for the other tests. {@link #restore()} brings the relay back;
 * {@link #close()} takes it down for good (a {@link ReceiverWorld} given it does so when closed).
 */
public final class ApiServerCutOff implements Interceptor, AutoCloseable {

  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private InetSocketAddress server;
  private ServerSocket relay;
  private int relayPort;
  private volatile boolean cut;

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    URI uri = request.uri();
    int port = relayTo(new InetSocketAddress(uri.getHost(), uri.getPort()));
    try {
      // Same host, so the server's certificate still matches; another port.
      builder.uri(new URI(uri.getScheme(), uri.getRawUserInfo(), uri.getHost(), port, uri.getRawPath(),
          uri.getRawQuery(), null));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** From now on the API server is gone for the client: open connections drop, new ones are refused. */
  public synchronized void cut() {
    cut = true;
    closeQuietly(relay);
    open.forEach(ApiServerCutOff::closeQuietly);
    open.clear();
  }

  /** The API server is back, on the same address as before the cut. */
  public synchronized void restore() {
    cut = false;
    if (server != null) {
      listen(relayPort);
    }
  }

  /** Takes the relay down for good (as {@link #cut()}), ending its threads. */
  @Override
  public void close() {
    cut();
  }

  private synchronized int relayTo(InetSocketAddress target) {
    if (server == null) {
      server = target;
      listen(0);
      relayPort = relay.getLocalPort();
    }
    return relayPort;
  }

  private void listen(int port) {
    try {
      relay = new ServerSocket();
      relay.setReuseAddress(true);
      relay.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerSocket listening = relay;
    daemon("api-relay-accept", () -> accept(listening));
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket upstream = new Socket(server.getAddress(), server.getPort());
        synchronized (this) {
          if (cut) {
            closeQuietly(client);
            closeQuietly(upstream);
            continue;
          }
          open.add(client);
          open.add(upstream);
        }
        daemon("api-relay-up", () -> pump(client, upstream));
        daemon("api-relay-down", () -> pump(upstream, client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Copies bytes one way until either side closes, then closes both, as a dropped connection does. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException dropped) {
      // either side went away: the connection ends
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception ignored) {
      // already closed
    }
  }
}
