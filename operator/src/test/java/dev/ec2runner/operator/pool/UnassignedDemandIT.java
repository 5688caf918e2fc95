package dev.ec2runner.operator.pool;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A job GitHub never gives the pool's idle runner stops counting as demand after unassignedDemandTimeout, says so on
 * the WorkflowJob, and no longer holds a runner; a job of a repository the pool's runner group does not admit never
 * counts.
 */
@WithOperator
class UnassignedDemandIT {

  private static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, TestResources.ORG);
  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void aJobLeftBesideAnIdleRunnerStopsCountingAndTheRunnerGoes() {
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getScaling().withUnassignedDemandTimeout("2m").withIdleTimeout("1m")
        .withMinimumRunningTime("1m");
    world.createPool(pool);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getIdleSince()).isNotNull()));
    assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Pending");

    // GitHub never hands the job to the idle runner.
    world.clock().advance(Duration.ofMinutes(3));

    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus()).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Unassigned");
      assertThat(s.getPool()).isEqualTo("gpu");
      assertThat(s.getMessage()).contains("no longer counts as demand").contains("runner group");
    }));
    await().untilAsserted(() -> assertThat(world.events(ns, "NotAssignedByGitHub")).singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("job-1");
          assertThat(e.getMessage()).contains("unassignedDemandTimeout 2m");
        }));
    await().untilAsserted(() -> assertThat(world.counter("ec2runner.jobs.not.counted", "namespace", ns,
        "pool", "gpu", "reason", "NotAssignedByGitHub")).isEqualTo(1.0));
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isZero());

    // The idle runner is surplus now: it goes after idleTimeout, and nothing replaces it.
    world.clock().advance(Duration.ofMinutes(2));
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).isEmpty());
    assertThat(world.cloud().launches()).hasSize(1);
    assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Unassigned");

    // If GitHub does start it after all, the job is followed as usual.
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName("elsewhere");
      return j;
    });
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Running"));
  }

  @Test
  void aJobOfARepositoryTheRunnerGroupDoesNotAdmitIsNotDemandWhileOthersAreServed() {
    long groupId = world.gitHub().addRunnerGroup(ORG, "gpu");
    world.gitHub().restrictRunnerGroup(ORG, groupId, TestResources.ORG + "/app");
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getGithub().setRunnerGroup("gpu");
    world.createPool(pool);
    WorkflowJob outsider = queuedJob(ns, 1, OperatorWorld.START);
    outsider.getSpec().setRepository(TestResources.ORG + "/secret");
    world.client().resource(outsider).create();

    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus()).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Unassigned");
      assertThat(s.getMessage()).startsWith("repository acme/secret may not use runner group 'gpu' of pool gpu");
    }));
    await().untilAsserted(() -> assertThat(world.events(ns, "RepositoryNotInRunnerGroup")).singleElement()
        .satisfies(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo("job-1")));
    assertThat(world.counter("ec2runner.jobs.not.counted", "namespace", ns, "pool", "gpu", "reason",
        "RepositoryNotInRunnerGroup")).isEqualTo(1.0);

    world.client().resource(queuedJob(ns, 2, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(1));
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));
    assertThat(world.job(ns, "job-2").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(world.cloud().launches()).hasSize(1);
  }
}
