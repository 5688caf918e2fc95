package dev.ec2runner.operator;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithOperator
class HealthEndpointsIT {

  @Operated
  private OperatorWorld world;
  private HealthServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = new HealthServer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
        world.runtime()::isReady, world.registry());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesHealthReadinessAndTheOperatorsMetrics() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    await().untilAsserted(() -> assertThat(get("/readyz").statusCode()).isEqualTo(200));

    String ns = world.namespace();
    RunnerPool pool = pool(ns, "gpu", 4);
    world.createPool(pool);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START.minusSeconds(20))).create();
    await().untilAsserted(() -> assertThat(get("/metrics").body())
        .contains("ec2runner_runners{namespace=\"" + ns + "\",phase=\"Idle\",pool=\"gpu\"} 1.0"));

    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("ec2runner_pending_jobs{namespace=\"" + ns + "\",pool=\"gpu\"} 1.0")
        .contains("ec2runner_launches_total{capacity_type=\"spot\"} 1.0")
        .contains("ec2runner_api_calls_total{operation=\"launch\",outcome=\"success\",service=\"cloud\"} 1.0")
        .contains("ec2runner_api_calls_total{operation=\"createJitConfig\",outcome=\"success\",service=\"github\"} 1.0")
        .contains("ec2runner_scale_up_latency_seconds_count 1")
        .contains("ec2runner_scale_up_latency_seconds_max 20.0")
        .containsPattern("operator_sdk_\\w+");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
