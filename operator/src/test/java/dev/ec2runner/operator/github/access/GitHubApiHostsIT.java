package dev.ec2runner.operator.github.access;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WorldBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The App's JWT and installation tokens go only to the GitHub API hosts the installation allows: a pool naming
 * another host in {@code spec.github.apiUrl} is refused before any request leaves the operator. The operator here
 * uses the real GitHub adapter and its default setting (api.github.com only); the other host is a loopback socket
 * that counts the connections it is offered.
 */
class GitHubApiHostsIT {

  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket otherHost;
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().withoutAppSecret().gitHub(
      new WorldBuilder.GitHubSide(AppGitHubClients.create(GitHubCallListener.NONE), new SimulatedGitHub())));
  @Operated
  private OperatorWorld world;

  @BeforeEach
  void start() throws IOException {
    otherHost = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::countConnections, "other-github-host");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    otherHost.close();
  }

  private void countConnections() {
    while (!otherHost.isClosed()) {
      try (Socket ignored = otherHost.accept()) {
        connections.incrementAndGet();
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Test
  void aPoolNamingAHostTheInstallationDoesNotAllowIsRefusedBeforeAnyTokenIsSent() throws Exception {
    String namespace = world.namespace();
    Secret secret = appSecret(namespace);
    secret.setStringData(Map.of("appId", "12345", "installationId", "67890", "privateKey", realKey()));
    world.client().resource(secret).create();
    String apiUrl = "https://127.0.0.1:" + otherHost.getLocalPort() + "/api/v3";
    RunnerPool pool = pool(namespace, "gpu", 3);
    pool.getSpec().getGithub().setApiUrl(apiUrl);
    pool.getSpec().getScaling().setMinIdle(1);
    world.createPool(pool);
    world.client().resource(queuedJob(namespace, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.conditions(namespace, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("spec.github.apiUrl", "127.0.0.1", "api.github.com");
    }));
    await().untilAsserted(() -> assertThat(world.events(namespace, "InvalidSpec"))
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning")));
    // Several reconciles and observation rounds later, still nothing reached the other host and nothing launched.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(connections).as("connections offered to " + apiUrl).hasValue(0);
      assertThat(world.runners(namespace, "gpu")).isEmpty();
      assertThat(world.cloud().running()).isEmpty();
    });
  }

  /** A PKCS#8 RSA key the GitHub adapter accepts, so that only the host check can stop the requests. */
  private static String realKey() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String body = Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }
}
