package dev.ec2runner.operator.pool;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithOperator
class PoolScalingIT {

  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void scalesFromZeroToQueuedJobsAndBackToMinIdleAfterTheyComplete() {
    RunnerPool pool = pool(ns, "gpu", 10);
    pool.getSpec().getScaling().withMinIdle(1);
    world.createPool(pool);
    await().untilAsserted(() -> assertThat(idleRunners()).hasSize(1));

    for (long id = 1; id <= 3; id++) {
      world.client().resource(queuedJob(ns, id, OperatorWorld.START)).create();
    }
    await().untilAsserted(() -> assertThat(idleRunners()).hasSize(4));
    assertThat(world.cloud().running()).hasSize(4);
    assertThat(world.gitHub().registrations()).hasSize(4).allMatch(r -> r.online());
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus())
        .satisfies(s -> assertThat(s.getPool()).isEqualTo("gpu"))
        .satisfies(s -> assertThat(s.getPhase()).isEqualTo("Pending")));

    // Three runners take the jobs; one stays idle as the pool's minIdle.
    List<String> names = idleRunners().stream().map(r -> r.getMetadata().getName()).sorted().toList();
    for (int i = 0; i < 3; i++) {
      String runner = names.get(i);
      long jobId = i + 1;
      world.gitHub().setBusy(runner, true);
      world.updateJob(ns, "job-" + jobId, j -> {
        j.getSpec().withState("in_progress").withRunnerName(runner)
            .withStartedAt(OperatorWorld.START.plusSeconds(14).toString());
        return j;
      });
    }
    await().untilAsserted(() -> assertThat(phases()).containsExactlyInAnyOrder("Busy", "Busy", "Busy", "Idle"));
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Running"));
    assertThat(world.job(ns, "job-1").getStatus().getWaited()).isEqualTo("14s");
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus())
        .satisfies(s -> assertThat(s.getBusy()).isEqualTo(3))
        .satisfies(s -> assertThat(s.getIdle()).isEqualTo(1))
        .satisfies(s -> assertThat(s.getPendingJobs()).isZero()));

    // Ephemeral runners finish: GitHub drops the registration and the instance shuts itself down.
    world.clock().advance(Duration.ofMinutes(3));
    for (int i = 0; i < 3; i++) {
      String runner = names.get(i);
      long jobId = i + 1;
      world.updateJob(ns, "job-" + jobId, j -> {
        j.getSpec().withState("completed").withConclusion("success")
            .withCompletedAt(world.clock().instant().toString());
        return j;
      });
      world.gitHub().removeRunner(runner);
      world.cloud().shutDownFromInside(world.cloud().instanceOfRunner(runner).orElseThrow().instanceId());
    }

    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(1));
    assertThat(phases()).containsExactly("Idle");
    assertThat(world.cloud().running()).hasSize(1);
    assertThat(world.gitHub().registrations()).hasSize(1);
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus())
        .satisfies(s -> assertThat(s.getRunners()).isEqualTo(1))
        .satisfies(s -> assertThat(s.getIdle()).isEqualTo(1)));
    assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Completed");
    assertThat(world.counter("ec2runner.runners.deleted", "reason", "COMPLETED")).isEqualTo(3);
    // GitHub already dropped the finished ephemeral registrations: the operator does not ask it again.
    assertThat(world.gitHub().calls()).noneMatch(call -> call.startsWith("deleteRunner"));
  }

  @Test
  void removesIdleRunnersAboveTheTargetOnlyAfterIdleTimeout() {
    world.createPool(pool(ns, "gpu", 10));
    for (long id = 1; id <= 2; id++) {
      world.client().resource(queuedJob(ns, id, OperatorWorld.START)).create();
    }
    await().untilAsserted(() -> assertThat(idleRunners()).hasSize(2));

    // The jobs are cancelled before any runner takes them: the two runners are now surplus.
    for (long id = 1; id <= 2; id++) {
      world.updateJob(ns, "job-" + id, j -> {
        j.getSpec().withState("completed").withConclusion("cancelled");
        return j;
      });
    }
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isZero());
    assertThat(world.runners(ns, "gpu")).hasSize(2);

    world.clock().advance(Duration.ofMinutes(2));
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).isEmpty());
    assertThat(world.cloud().running()).isEmpty();
    assertThat(world.gitHub().registrations()).isEmpty();
    assertThat(world.counter("ec2runner.runners.deleted", "reason", "IDLE_TIMEOUT")).isEqualTo(2);
    assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Cancelled");
  }

  private List<Runner> idleRunners() {
    return world.runners(ns, "gpu").stream()
        .filter(r -> r.getStatus() != null && "Idle".equals(r.getStatus().getPhase())).toList();
  }

  private List<String> phases() {
    return world.runners(ns, "gpu").stream()
        .map(r -> r.getStatus() == null ? "none" : r.getStatus().getPhase()).toList();
  }
}
