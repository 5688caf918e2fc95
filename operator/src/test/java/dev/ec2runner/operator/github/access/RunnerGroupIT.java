package dev.ec2runner.operator.github.access;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.operator.testsupport.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pool's runner group is resolved by name for its JIT configurations; a missing group stops its launches. */
@WithOperator
class RunnerGroupIT {

  private static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, TestResources.ORG);
  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void aMissingGroupBlocksLaunchesUntilItIsCreatedThenRunnersJoinIt() {
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getGithub().setRunnerGroup("GPU runners");
    world.createPool(pool);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(ready()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("RunnerGroupNotFound");
      assertThat(c.getMessage()).contains("runner group 'GPU runners' does not exist in acme")
          .contains("existing groups: Default").contains("spec.github.runnerGroup");
    }));
    assertThat(world.events(ns, "RunnerGroupNotFound")).isNotEmpty();
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));
    assertThat(world.runners(ns, "gpu")).isEmpty();
    assertThat(world.cloud().launches()).isEmpty();

    long groupId = world.gitHub().addRunnerGroup(ORG, "gpu RUNNERS");
    world.clock().advance(RunnerGroupResolver.REMEMBER_MISSING);

    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(world.gitHub().jitRequests()).singleElement().satisfies(request -> {
      assertThat(request.runnerGroupId()).isEqualTo(groupId);
      // The installation's label last: garbage collection removes only registrations that carry it.
      assertThat(request.labels()).containsExactly("self-hosted", "linux", "x64", "gpu",
          "ec2runner-installation-default");
    });
    await().untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
  }

  @Test
  void withoutAGroupRunnersJoinTheDefaultGroupWithTheirOsAndArchitectureLabels() {
    RunnerPool pool = pool(ns, "arm", 5);
    pool.getSpec().getRunner().setArchitecture("arm64");
    pool.getSpec().getEc2().setInstanceTypes(List.of("m7g.large", "m6g.large"));
    world.createPool(pool);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.gitHub().jitRequests()).hasSize(1));
    JitConfigRequest request = world.gitHub().jitRequests().get(0);
    assertThat(request.runnerGroupId()).isEqualTo(1);
    assertThat(request.labels()).containsExactly("self-hosted", "linux", "arm64", "gpu",
        "ec2runner-installation-default");
    assertThat(world.gitHub().callCount("runnerGroupId")).isZero();
  }

  @Test
  void aGroupFoundOnceIsRememberedAcrossRunners() {
    long groupId = world.gitHub().addRunnerGroup(ORG, "gpu");
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getGithub().setRunnerGroup("gpu");
    world.createPool(pool);
    for (long id = 1; id <= 3; id++) {
      world.client().resource(queuedJob(ns, id, OperatorWorld.START)).create();
    }

    await().untilAsserted(() -> assertThat(world.gitHub().jitRequests()).hasSize(3)
        .allSatisfy(r -> assertThat(r.runnerGroupId()).isEqualTo(groupId)));
    assertThat(world.gitHub().callCount("runnerGroupId")).isEqualTo(1);
  }

  private Condition ready() {
    return world.conditions(ns, "gpu").stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .orElseThrow();
  }
}
