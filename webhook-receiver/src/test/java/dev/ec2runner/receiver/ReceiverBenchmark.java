package dev.ec2runner.receiver;

import dev.ec2runner.receiver.http.ReceiverServer;
import dev.ec2runner.receiver.http.ServerSettings;
import dev.ec2runner.receiver.testing.InMemoryWorkflowJobWriter;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.StaticPoolDirectory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verified deliveries per second and p99 latency on loopback, (a) into an in-memory sink and (b) into a real
 * kube-apiserver and etcd (testkit's, started on first use; needs -Dec2runner.kube.binaries). Each delivery is a distinct, correctly signed workflow_job "queued" event that a pool serves, so every
 * request runs the whole path: read, verify, parse, match, write. Clients keep their connections alive, as GitHub's
 * delivery workers do. Run by hand (see BENCHMARK.md):
 *
 * <pre>ReceiverBenchmark [--mode memory|kubernetes|both] [--requests N] [--connections C] [--runs R]</pre>
 */
public final class ReceiverBenchmark {

  private static final String SECRET = RunningReceiver.SECRET;

  private ReceiverBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    // One log line per recorded job is right in production and would dominate here.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.dev.ec2runner", "warn");
    String mode = option(args, "--mode", "both");
    int requests = Integer.parseInt(option(args, "--requests", "20000"));
    int connections = Integer.parseInt(option(args, "--connections", "16"));
    int runs = Integer.parseInt(option(args, "--runs", "3"));
    System.out.printf("cores=%d requests/run=%d connections=%d runs=%d%n", Runtime.getRuntime().availableProcessors(),
        requests, connections, runs);
    if (mode.equals("memory") || mode.equals("both")) {
      report("(a) in-memory sink", measure(runs, requests, connections, ReceiverBenchmark::inMemoryReceiver));
    }
    if (mode.equals("kubernetes") || mode.equals("both")) {
      report("(b) real API server", measure(runs, requests, connections, ReceiverBenchmark::kubernetesReceiver));
    }
    // kube-api-test reads the API server's and etcd's output on non-daemon threads and the server stops only in a
    // shutdown hook: without an explicit exit the JVM would wait for processes that wait for it.
    System.exit(0);
  }

  /** A receiver under test: its port, and how to stop it. */
  private interface Target extends AutoCloseable {
    int port();

    @Override
    void close();
  }

  private static Target inMemoryReceiver() {
    StaticPoolDirectory pools = StaticPoolDirectory.testPools("bench");
    ReceiverServer server = new ReceiverServer(ServerSettings.defaults("127.0.0.1", 0),
        new WebhookHandler(new WebhookSignature(List.of(SECRET)), pools, new InMemoryWorkflowJobWriter()),
        pools::notReadyReason, new ReceiverMetrics()).start();
    return new Target() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /** A receiver of a fresh namespace on the JVM's API server (started on first use), as its ServiceAccount. */
  private static Target kubernetesReceiver() {
    ReceiverWorld world = ReceiverWorld.builder().build();
    return new Target() {
      @Override
      public int port() {
        return world.receiver().port();
      }

      @Override
      public void close() {
        world.close();
      }
    };
  }

  private record Run(double perSecond, double p50Millis, double p99Millis, int failures) {
  }

  private static List<Run> measure(int runs, int requests, int connections, java.util.function.Supplier<Target> targets)
      throws Exception {
    List<Run> results = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      try (Target target = targets.get()) {
        // A fresh receiver per run; the warm-up lets the JIT compile the request path first.
        load(target.port(), requests / 4, connections, 1_000_000_000L * run + 500_000_000L);
        Run result = load(target.port(), requests, connections, 1_000_000_000L * run + 1);
        System.out.printf("  run %d: %.0f deliveries/s, p50 %.2f ms, p99 %.2f ms, failures %d%n", run + 1,
            result.perSecond(), result.p50Millis(), result.p99Millis(), result.failures());
        results.add(result);
      }
    }
    return results;
  }

  private static Run load(int port, int requests, int connections, long firstJobId) throws Exception {
    byte[][] wire = new byte[requests][];
    for (int i = 0; i < requests; i++) {
      wire[i] = request(firstJobId + i);
    }
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(connections);
    long started = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      done.add(clients.submit(() -> {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          socket.setTcpNoDelay(true);
          OutputStream out = socket.getOutputStream();
          InputStream in = new BufferedInputStream(socket.getInputStream());
          for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
            long sent = System.nanoTime();
            out.write(wire[i]);
            out.flush();
            if (readStatus(in) != 202) {
              failures.incrementAndGet();
            }
            latencies[i] = System.nanoTime() - sent;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      }));
    }
    for (Future<?> client : done) {
      client.get();
    }
    long elapsed = System.nanoTime() - started;
    clients.shutdown();
    Arrays.sort(latencies);
    return new Run(requests / (elapsed / 1e9), latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6,
        failures.get());
  }

  private static byte[] request(long jobId) {
    byte[] body = Payloads.example(Payloads.QUEUED).jobId(jobId).labels("self-hosted", "linux").bytes();
    String head = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "X-GitHub-Event: workflow_job\r\nX-GitHub-Delivery: bench-" + jobId + "\r\n"
        + WebhookSignature.HEADER + ": " + WebhookSignature.sign(SECRET, body) + "\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] wire = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, wire, headBytes.length, body.length);
    return wire;
  }

  /** Reads one response (status line, headers, Content-Length body) and returns its status. */
  private static int readStatus(InputStream in) throws IOException {
    String status = line(in);
    int contentLength = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        contentLength = Integer.parseInt(header.substring(15).trim());
      }
    }
    in.readNBytes(contentLength);
    return Integer.parseInt(status.substring(9, 12));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static void report(String name, List<Run> runs) {
    double[] rates = runs.stream().mapToDouble(Run::perSecond).sorted().toArray();
    double[] p99s = runs.stream().mapToDouble(Run::p99Millis).sorted().toArray();
    System.out.printf("%s: median %.0f deliveries/s, median p99 %.2f ms over %d runs%n", name, rates[rates.length / 2],
        p99s[p99s.length / 2], runs.size());
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
