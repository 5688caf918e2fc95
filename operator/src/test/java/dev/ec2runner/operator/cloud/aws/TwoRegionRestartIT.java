package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.operator.testsupport.WorldBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  private final AwsClientFactory aws = MOTO.clientFactory();
  /** Each operator process gets a new cloud adapter that knows no region but its default one. */
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().withoutOperator()
      .realTimeClock()
      .cloud(new WorldBuilder.CloudSide(() -> new Ec2RunnerCloud(aws, AwsTestPools.fixedDownloads(),
          new UserDataRenderer(), this.world.clock(), Ec2CloudSettings.defaults()), this::bootInstances)));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  @BeforeEach
  void resetMoto() throws Exception {
    MOTO.reset();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  /** What each instance's bootstrap does: read its configuration from SSM in its region, delete it, start. */
  private void bootInstances() {
    for (String region : List.of(MotoServer.REGION, OTHER_REGION)) {
      try {
        var ssm = aws.forRegion(region).ssm();
        for (Parameter parameter : ssm.getParametersByPath(r -> r.path("/ec2runner").recursive(true)
            .withDecryption(true)).parameters()) {
          ssm.deleteParameter(r -> r.name(parameter.name()));
          world.gitHub().startRunner(Sensitive.of(parameter.value()));
        }
      } catch (RuntimeException notYet) {
        // The next round tries again, as the script polls.
      }
    }
  }

  private RunnerPool pool(String name, String region) {
    RunnerPool pool = TestResources.pool(ns, name, 2);
    var spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(aws.forRegion(region).ec2()), "m5.large");
    spec.getEc2().setRegion(region);
    spec.getEc2().setCapacityType("on-demand");
    pool.getSpec().withEc2(spec.getEc2()).withRunner(spec.getRunner());
    pool.getSpec().getGithub().setLabels(List.of(name));
    pool.getSpec().getScaling().withMinIdle(1).withIdleTimeout("1h");
    return pool;
  }

  private Map<String, Runner> runnersByName() {
    return world.client().resources(Runner.class).inNamespace(ns).list().getItems().stream()
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
    world.startOperator();
    world.client().resource(pool("west", MotoServer.REGION)).create();
    world.client().resource(pool("central", OTHER_REGION)).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> runnersByName().size() == 2
        && runnersByName().values().stream().allMatch(r -> "Idle".equals(phase(r))));
    Map<String, Runner> before = runnersByName();
    Runner central = before.values().stream().filter(r -> r.getSpec().getPool().equals("central")).findFirst()
        .orElseThrow();
    String centralInstance = central.getStatus().getInstanceId();
    assertThat(central.getStatus().getRegion()).isEqualTo(OTHER_REGION);

    world.stopOperator();
    // Longer than the instance visibility grace: an instance not listed now counts as gone.
    world.clock().advance(Duration.ofMinutes(2));
    world.startOperator();

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Map<String, Runner> now = runnersByName();
      assertThat(now.keySet()).as("no Runner replaced").isEqualTo(before.keySet());
      assertThat(now.values()).as("no Runner lost").allSatisfy(r -> assertThat(phase(r)).isEqualTo("Idle"));
    });
    assertThat(world.client().v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> "InstanceLost".equals(e.getReason()));

    world.client().resources(RunnerPool.class).inNamespace(ns).withName("central").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(state(OTHER_REGION, centralInstance))
        .isIn(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED));
  }
}
