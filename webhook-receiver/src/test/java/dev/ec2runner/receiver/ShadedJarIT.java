package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import dev.ec2runner.receiver.testing.WebhookClient;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as shipped: starts from a kubeconfig holding its ServiceAccount's token (as in a pod), serves a
 * delivery into the real API server, stops on SIGTERM, refuses to run unconfigured.
 */
class ShadedJarIT {

  // The receiver runs as a separate process, started by the test.
  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().withoutReceiver());

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String ns;

  private static final Path JAR = Path.of("target", "ec2-runner-webhook-receiver.jar");
  private static final String SECRET = "jar-test-secret";

  @TempDir
  Path dir;

  private Process start(List<String> args, String secret, String kubeconfig) throws IOException {
    assertThat(JAR).as("the shaded jar; `mvn -pl webhook-receiver -am verify` builds it in the package phase").exists();
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
    builder.environment().clear();
    builder.environment().put("HOME", dir.toString());
    if (secret != null) {
      builder.environment().put("WEBHOOK_SECRET", secret);
    }
    if (kubeconfig != null) {
      builder.environment().put("KUBECONFIG", kubeconfig);
    }
    return builder.start();
  }

  private String output() throws IOException {
    return Files.readString(dir.resolve("out.log"));
  }

  @Test
  void refusesToStartWithoutASecret() throws Exception {
    Process process = start(List.of("--port", "0"), null, null);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output().strip()).isEqualTo("ec2-runner-webhook-receiver: no webhook secret configured: "
        + "set WEBHOOK_SECRET or pass --secret-file FILE");
  }

  @Test
  void servesDeliveriesFromAKubeconfigAndStopsGracefully() throws Exception {
    kubernetes.grantReceiver(ns);
    String token = kubernetes.receiverToken();
    Path kubeconfig = writeKubeconfig(kubernetes.adminConfig(), token, ns);
    int port = freePort();
    Process process = start(List.of("--port", String.valueOf(port), "--namespace", ns, "--host", "127.0.0.1"),
        SECRET, kubeconfig.toString());
    try {
      WebhookClient github = new WebhookClient(port, SECRET);
      await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> github.get("/readyz").status() == 200);

      WebhookClient.Answer answer = github.deliver("workflow_job", Payloads.example(Payloads.QUEUED).labels("self-hosted").bytes());
      assertThat(answer.status()).as(output()).isEqualTo(202);
      assertThat(kubernetes.workflowJob(ns, "job-" + Payloads.EXAMPLE_JOB_ID)).isNotNull();
    } finally {
      process.destroy();
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    assertThat(output()).contains("Stopping: finishing in-flight requests").doesNotContain(SECRET)
        .doesNotContain(token);
  }

  /** The server's address and CA as the administrator's kubeconfig has them; the receiver's token as its user. */
  private Path writeKubeconfig(Config admin, String token, String namespace) throws IOException {
    String ca = admin.getCaCertFile() != null ? "certificate-authority: " + Path.of(admin.getCaCertFile()).toAbsolutePath()
        : "certificate-authority-data: " + admin.getCaCertData();
    return Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            %s
        contexts:
        - name: receiver
          context:
            cluster: test
            user: receiver
            namespace: %s
        current-context: receiver
        users:
        - name: receiver
          user:
            token: %s
        """.formatted(admin.getMasterUrl(), ca, namespace, token));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
