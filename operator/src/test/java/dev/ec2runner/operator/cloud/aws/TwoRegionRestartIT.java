package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.OperatorRuntime;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.InMemoryGitHub;
import dev.ec2runner.operator.testsupport.MotoServer;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.testkit.kube.TestCluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Pools in two regions, on moto, across an operator restart: the new process has launched nothing, so only the
 * pools and the Runners' recorded regions tell it where their instances run. The Runners of the second region must
 * be neither lost nor replaced, and their instances terminated in that region when the pool goes.
 */
class TwoRegionRestartIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();
  private static final String OTHER_REGION = "eu-central-1";

  private final MutableClock clock = new MutableClock(Instant.now());
  private final InMemoryGitHub gitHub = new InMemoryGitHub(clock);
  private AwsClientFactory aws;
  private TestCluster cluster;
  private ScheduledExecutorService agents;
  private OperatorRuntime operator;

  @BeforeEach
  void start() throws Exception {
    MOTO.reset();
    aws = MOTO.clientFactory();
    cluster = TestCluster.create("t");
    cluster.client().resource(TestResources.appSecret(cluster.namespace())).create();
    agents = Executors.newSingleThreadScheduledExecutor();
    agents.scheduleWithFixedDelay(this::bootInstances, 100, 100, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() {
    agents.shutdownNow();
    if (operator != null) {
      operator.close();
    }
    cluster.close();
    aws.close();
  }

  /** A fresh operator process: a new cloud adapter that knows no region but its default one. */
  private void startOperator() {
    Ec2RunnerCloud cloud = new Ec2RunnerCloud(aws, AwsTestPools.fixedDownloads(), new UserDataRenderer(), clock,
        Ec2CloudSettings.defaults());
    operator = new OperatorRuntime(cluster.client(), OperatorWorld.testConfig(),
        new OperatorComponents(cloud, gitHub, clock), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    operator.start();
  }

  /** What each instance's bootstrap does: read its configuration from SSM in its region, delete it, start. */
  private void bootInstances() {
    for (String region : List.of(MotoServer.REGION, OTHER_REGION)) {
      try {
        var ssm = aws.forRegion(region).ssm();
        for (Parameter parameter : ssm.getParametersByPath(r -> r.path("/ec2runner").recursive(true)
            .withDecryption(true)).parameters()) {
          ssm.deleteParameter(r -> r.name(parameter.name()));
          gitHub.startRunner(Sensitive.of(parameter.value()));
        }
      } catch (RuntimeException notYet) {
        // The next round tries again, as the script polls.
      }
    }
  }

  private RunnerPool pool(String name, String region) {
    RunnerPool pool = TestResources.pool(cluster.namespace(), name, 2);
    var spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(aws.forRegion(region).ec2()), "m5.large");
    spec.getEc2().setRegion(region);
    spec.getEc2().setCapacityType("on-demand");
    pool.getSpec().withEc2(spec.getEc2()).withRunner(spec.getRunner());
    pool.getSpec().getGithub().setLabels(List.of(name));
    pool.getSpec().getScaling().withMinIdle(1).withIdleTimeout("1h");
    return pool;
  }

  private Map<String, Runner> runnersByName() {
    return cluster.client().resources(Runner.class).inNamespace(cluster.namespace()).list().getItems().stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
  }

  private static String phase(Runner runner) {
    return runner.getStatus() == null ? null : runner.getStatus().getPhase();
  }

  private InstanceStateName state(String region, String instanceId) {
    return aws.forRegion(region).ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0)
        .instances().get(0).state().name();
  }

  @Test
  void afterARestartTheSecondRegionsRunnersAreNeitherLostNorReplacedAndTerminateThere() {
    startOperator();
    cluster.client().resource(pool("west", MotoServer.REGION)).create();
    cluster.client().resource(pool("central", OTHER_REGION)).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> runnersByName().size() == 2
        && runnersByName().values().stream().allMatch(r -> "Idle".equals(phase(r))));
    Map<String, Runner> before = runnersByName();
    Runner central = before.values().stream().filter(r -> r.getSpec().getPool().equals("central")).findFirst()
        .orElseThrow();
    String centralInstance = central.getStatus().getInstanceId();
    assertThat(central.getStatus().getRegion()).isEqualTo(OTHER_REGION);

    operator.close();
    // Longer than the instance visibility grace: an instance not listed now counts as gone.
    clock.advance(Duration.ofMinutes(2));
    startOperator();

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Map<String, Runner> now = runnersByName();
      assertThat(now.keySet()).as("no Runner replaced").isEqualTo(before.keySet());
      assertThat(now.values()).as("no Runner lost").allSatisfy(r -> assertThat(phase(r)).isEqualTo("Idle"));
    });
    assertThat(cluster.client().v1().events().inNamespace(cluster.namespace()).list().getItems())
        .noneMatch(e -> "InstanceLost".equals(e.getReason()));

    cluster.client().resources(RunnerPool.class).inNamespace(cluster.namespace()).withName("central").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(state(OTHER_REGION, centralInstance))
        .isIn(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED));
  }
}
