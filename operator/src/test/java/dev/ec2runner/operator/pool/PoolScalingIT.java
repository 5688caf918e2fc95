package dev.ec2runner.operator.pool;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithOperator
class PoolScalingIT {

  @Operated
  private String ns;
  @Operated
  private OperatorTestHarness harness;

  @Test
  void scalesFromZeroToQueuedJobsAndBackToMinIdleAfterTheyComplete() {
    RunnerPool pool = pool(ns, "gpu", 10);
    pool.getSpec().getScaling().withMinIdle(1);
    harness.createPool(pool);
    await().untilAsserted(() -> assertThat(idleRunners()).hasSize(1));

    for (long id = 1; id <= 3; id++) {
      harness.client().resource(queuedJob(ns, id, OperatorTestHarness.START)).create();
    }
    await().untilAsserted(() -> assertThat(idleRunners()).hasSize(4));
    assertThat(harness.cloud().running()).hasSize(4);
    assertThat(harness.gitHub().registrations()).hasSize(4).allMatch(r -> r.online());
    await().untilAsserted(() -> assertThat(harness.job(ns, "job-1").getStatus())
        .satisfies(s -> assertThat(s.getPool()).isEqualTo("gpu"))
        .satisfies(s -> assertThat(s.getPhase()).isEqualTo("Pending")));

    // Three runners take the jobs; one stays idle as the pool's minIdle.
    List<String> names = idleRunners().stream().map(r -> r.getMetadata().getName()).sorted().toList();
    for (int i = 0; i < 3; i++) {
      String runner = names.get(i);
      long jobId = i + 1;
      harness.gitHub().setBusy(runner, true);
      harness.updateJob(ns, "job-" + jobId, j -> {
        j.getSpec().withState("in_progress").withRunnerName(runner)
            .withStartedAt(OperatorTestHarness.START.plusSeconds(14).toString());
        return j;
      });
    }
    await().untilAsserted(() -> assertThat(phases()).containsExactlyInAnyOrder("Busy", "Busy", "Busy", "Idle"));
    await().untilAsserted(() -> assertThat(harness.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Running"));
    assertThat(harness.job(ns, "job-1").getStatus().getWaited()).isEqualTo("14s");
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus())
        .satisfies(s -> assertThat(s.getBusy()).isEqualTo(3))
        .satisfies(s -> assertThat(s.getIdle()).isEqualTo(1))
        .satisfies(s -> assertThat(s.getPendingJobs()).isZero()));

    // Ephemeral runners finish: GitHub drops the registration and the instance shuts itself down.
    harness.clock().advance(Duration.ofMinutes(3));
    for (int i = 0; i < 3; i++) {
      String runner = names.get(i);
      long jobId = i + 1;
      harness.updateJob(ns, "job-" + jobId, j -> {
        j.getSpec().withState("completed").withConclusion("success")
            .withCompletedAt(harness.clock().instant().toString());
        return j;
      });
      harness.gitHub().removeRunner(runner);
      harness.cloud().shutDownFromInside(harness.cloud().instanceOfRunner(runner).orElseThrow().instanceId());
    }

    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).hasSize(1));
    assertThat(phases()).containsExactly("Idle");
    assertThat(harness.cloud().running()).hasSize(1);
    assertThat(harness.gitHub().registrations()).hasSize(1);
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus())
        .satisfies(s -> assertThat(s.getRunners()).isEqualTo(1))
        .satisfies(s -> assertThat(s.getIdle()).isEqualTo(1)));
    assertThat(harness.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Completed");
    assertThat(harness.counter("ec2runner.runners.deleted", "reason", "COMPLETED")).isEqualTo(3);
    // GitHub already dropped the finished ephemeral registrations: the operator does not ask it again.
    assertThat(harness.gitHub().calls()).noneMatch(call -> call.startsWith("deleteRunner"));
  }

  @Test
  void removesIdleRunnersAboveTheTargetOnlyAfterIdleTimeout() {
    harness.createPool(pool(ns, "gpu", 10));
    for (long id = 1; id <= 2; id++) {
      harness.client().resource(queuedJob(ns, id, OperatorTestHarness.START)).create();
    }
    await().untilAsserted(() -> assertThat(idleRunners()).hasSize(2));

    // The jobs are cancelled before any runner takes them: the two runners are now surplus.
    for (long id = 1; id <= 2; id++) {
      harness.updateJob(ns, "job-" + id, j -> {
        j.getSpec().withState("completed").withConclusion("cancelled");
        return j;
      });
    }
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus().getPendingJobs()).isZero());
    assertThat(harness.runners(ns, "gpu")).hasSize(2);

    harness.clock().advance(Duration.ofMinutes(2));
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).isEmpty());
    assertThat(harness.cloud().running()).isEmpty();
    assertThat(harness.gitHub().registrations()).isEmpty();
    assertThat(harness.counter("ec2runner.runners.deleted", "reason", "IDLE_TIMEOUT")).isEqualTo(2);
    assertThat(harness.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Cancelled");
  }

  private List<Runner> idleRunners() {
    return harness.runners(ns, "gpu").stream()
        .filter(r -> r.getStatus() != null && "Idle".equals(r.getStatus().getPhase())).toList();
  }

  private List<String> phases() {
    return harness.runners(ns, "gpu").stream()
        .map(r -> r.getStatus() == null ? "none" : r.getStatus().getPhase()).toList();
  }
}
