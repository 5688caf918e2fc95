package dev.ec2runner.operator.testsupport;

import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.cloud.aws.AwsCallListener;
import dev.ec2runner.operator.cloud.aws.AwsClientFactory;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs moto (the AWS emulator) for one test class: {@code python3 -m moto.server} on a free loopback port, started
 * before the class and stopped after it. Register it with {@code @RegisterExtension static MotoServer moto = new
 * MotoServer();}. Without moto installed the tests fail with the install hint; they never skip.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {

  public static final String INSTALL_HINT = "moto is not installed for " + python()
      + ": run pip install \"moto[server]\" (or set MOTO_PYTHON to a Python that has it)";
  public static final String REGION = "eu-west-1";

  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts moto and waits until it answers. */
  public void start() throws IOException, InterruptedException {
    requireMoto();
    port = freePort();
    Path log = Files.createDirectories(Path.of("target")).resolve("moto-" + port + ".log");
    ProcessBuilder builder = new ProcessBuilder(python(), "-m", "moto.server", "-H", "127.0.0.1", "-p",
        Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("MOTO_ENABLE_AMI_VALIDATION", "true");
    builder.environment().put("MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION", "true");
    process = builder.start();
    await("moto on port " + port).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("moto exited with status " + process.exitValue() + "; see " + log);
          }
          return answers("/moto-api/");
        });
  }

  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /** Forgets every resource: the state of a fresh moto. */
  public void reset() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
    connection.setRequestMethod("POST");
    int status = connection.getResponseCode();
    connection.disconnect();
    if (status != 200) {
      throw new IOException("moto reset answered HTTP " + status);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Clients against this moto with static test credentials, reporting calls to the listeners. */
  public AwsClientFactory clientFactory(AwsCallListener... listeners) {
    return new AwsClientFactory(REGION, Optional.of(endpoint()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), List.of(listeners));
  }

  private boolean answers(String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireMoto() throws IOException, InterruptedException {
    Process check;
    try {
      check = new ProcessBuilder(python(), "-c", "import moto.server").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(INSTALL_HINT + " (" + python() + " cannot be started: " + e.getMessage() + ")");
    }
    String output = new String(check.getInputStream().readAllBytes());
    if (check.waitFor() != 0) {
      throw new IllegalStateException(INSTALL_HINT + "\n" + output.strip());
    }
  }

  /**
   * The absolute path of the Python that runs moto (boto3 comes with it), for scripts that run with an empty
   * environment, where a pyenv shim would not find its interpreter.
   */
  public static String pythonExecutable() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(python(), "-c", "import sys; print(sys.executable)").start();
    String path = new String(process.getInputStream().readAllBytes()).strip();
    if (process.waitFor() != 0 || path.isEmpty()) {
      throw new IllegalStateException(INSTALL_HINT);
    }
    return path;
  }

  private static String python() {
    String configured = System.getenv("MOTO_PYTHON");
    return configured == null || configured.isBlank() ? "python3" : configured;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
