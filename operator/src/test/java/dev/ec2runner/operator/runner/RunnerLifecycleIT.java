package dev.ec2runner.operator.runner;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithOperator
class RunnerLifecycleIT {

  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void aBusyRunnerIsNeverDeletedItDrainsUntilItsJobEnds() {
    world.createPool(pool(ns, "gpu", 5));
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    Runner runner = await().until(() -> onlyRunner("Idle"), r -> r != null);
    String name = runner.getMetadata().getName();
    String instance = runner.getStatus().getInstanceId();
    world.gitHub().setBusy(name, true);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(name);
      return j;
    });
    await().until(() -> onlyRunner("Busy"), r -> r != null);

    // Pausing the pool removes runners without a job, never this one.
    TestResources.edit(world.client().resources(RunnerPool.class).inNamespace(ns).withName("gpu"),
        p -> {
          p.getSpec().getScaling().setMaxRunners(0);
          return p;
        });
    world.clock().advance(Duration.ofMinutes(10));
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getObservedGeneration())
        .isEqualTo(world.pool(ns, "gpu").getMetadata().getGeneration()));
    assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getDeletionTimestamp()).isNull());

    // Deleting it by hand: it drains, the instance keeps running, the registration stays.
    world.client().resource(runner).delete();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Draining")));
    assertThat(world.events(ns, "Draining")).isNotEmpty();
    assertThat(world.cloud().running()).extracting(i -> i.instanceId()).containsExactly(instance);
    assertThat(world.gitHub().registration(name)).isPresent();
    assertThat(world.cloud().calls()).noneMatch(c -> c.equals("TerminateInstances"));

    world.gitHub().setBusy(name, false);
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).isEmpty());
    assertThat(world.cloud().running()).isEmpty();
    assertThat(world.gitHub().registration(name)).isEmpty();
  }

  @Test
  void aRunnerThatNeverRegistersIsReplacedAfterBootTimeout() {
    world.autoBoot(false);
    world.createPool(pool(ns, "gpu", 5));
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    Runner stuck = await().until(() -> onlyRunner("Booting"), r -> r != null);
    String stuckInstance = stuck.getStatus().getInstanceId();
    assertThat(world.gitHub().registration(stuck.getMetadata().getName())).get()
        .satisfies(r -> assertThat(r.online()).isFalse());

    world.clock().advance(Duration.ofMinutes(6));
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu"))
        .noneMatch(r -> r.getMetadata().getName().equals(stuck.getMetadata().getName())));
    world.autoBoot(true);
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isNotEqualTo(stuck.getMetadata().getName()))
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(world.cloud().running()).extracting(i -> i.instanceId()).doesNotContain(stuckInstance);
    assertThat(world.gitHub().registration(stuck.getMetadata().getName())).isEmpty();
    assertThat(world.events(ns, "RunnerReplaced")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(stuck.getMetadata().getName()));
    assertThat(world.counter("ec2runner.runners.deleted", "reason", "BOOT_TIMEOUT")).isEqualTo(1);
  }

  @Test
  void aRunnerWhoseInstanceVanishesFailsAndIsReplacedWithAFreshConfig() {
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getScaling().setMinIdle(1);
    world.createPool(pool);
    Runner first = await().until(() -> onlyRunner("Idle"), r -> r != null);

    // A spot interruption: the instance disappears; GitHub still lists the (now offline) runner.
    world.cloud().reclaim(first.getStatus().getInstanceId());
    world.clock().advance(Duration.ofMinutes(1));

    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName()))
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(world.events(ns, "InstanceLost")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(first.getStatus().getInstanceId()));
    assertThat(world.counter("ec2runner.runners.lost", "reason", "InstanceLost")).isEqualTo(1);
    assertThat(world.gitHub().registration(first.getMetadata().getName())).isEmpty();
    assertThat(world.gitHub().calls().stream().filter(c -> c.startsWith("createJitConfig"))).hasSize(2);
  }

  private Runner onlyRunner(String phase) {
    List<Runner> runners = world.runners(ns, "gpu");
    return runners.size() == 1 && runners.get(0).getStatus() != null
        && phase.equals(runners.get(0).getStatus().getPhase()) ? runners.get(0) : null;
  }
}
