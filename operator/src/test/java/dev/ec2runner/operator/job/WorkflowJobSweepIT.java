package dev.ec2runner.operator.job;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the operator does for the WorkflowJobs of a namespace as a whole: jobs whose pool was deleted or relabelled
 * are served by no pool, and are removed after the WorkflowJob TTL (counted from when the operator found them
 * unserved), as finished ones are, with a Warning Event first, while served jobs stay; and a namespace holding the
 * receiver's cap of WorkflowJobs gets a Warning Event on its pools.
 */
class WorkflowJobSweepIT {

  private static final Duration TTL = OperatorWorld.testConfig().completedJobTtl();
  /** The three jobs each test starts with fill the namespace to its cap. */
  private static final int CAP = 3;

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder()
      .config(config -> config.withMaxWorkflowJobsPerNamespace(CAP)));
  @Operated
  private OperatorWorld world;
  @Operated
  private String namespace;

  @BeforeEach
  void start() {
    for (String label : List.of("gpu", "cuda", "kept")) {
      RunnerPool pool = pool(namespace, label, 0);
      pool.getSpec().getGithub().setLabels(List.of(label));
      world.client().resource(pool).create();
      WorkflowJob job = queuedJob(namespace, label.length() * 100L + label.charAt(0), OperatorWorld.START);
      job.getSpec().setLabels(List.of("self-hosted", label));
      world.client().resource(job).create();
    }
  }

  @Test
  void jobsOfDeletedOrRelabelledPoolsAreRemovedAfterTheTtl() {
    await().untilAsserted(() -> assertThat(world.jobs(namespace)).hasSize(3)
        .allSatisfy(j -> assertThat(j.getStatus().getPool()).isNotNull()));
    String gpuJob = jobOf("gpu");
    String cudaJob = jobOf("cuda");
    String keptJob = jobOf("kept");

    TestResources.edit(world.client().resources(RunnerPool.class).inNamespace(namespace).withName("gpu"), p -> {
      p.getSpec().getGithub().setLabels(List.of("gpu-v2"));
      return p;
    });
    world.client().resources(RunnerPool.class).inNamespace(namespace).withName("cuda").delete();

    await().untilAsserted(() -> assertThat(world.events(namespace, WorkflowJobSweep.NO_POOL_SERVES_JOB))
        .extracting(e -> e.getInvolvedObject().getName()).containsExactlyInAnyOrder(gpuJob, cudaJob));
    world.clock().advance(TTL.minusMinutes(1));
    await().during(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(world.jobs(namespace)).hasSize(3));

    world.clock().advance(Duration.ofMinutes(1));
    await().untilAsserted(() -> assertThat(world.jobs(namespace)).extracting(j -> j.getMetadata().getName())
        .containsExactly(keptJob));
  }

  @Test
  void aNamespaceHoldingTheCapOfWorkflowJobsWarnsOnEachOfItsPools() {
    await().untilAsserted(() -> assertThat(world.events(namespace, WorkflowJobSweep.CAP_REACHED))
        .extracting(e -> e.getInvolvedObject().getName()).containsExactlyInAnyOrder("gpu", "cuda", "kept"));
    assertThat(world.events(namespace, WorkflowJobSweep.CAP_REACHED)).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("holds 3 WorkflowJobs, the cap of 3", "refuses new jobs with 503");
    });
  }

  private String jobOf(String pool) {
    return world.jobs(namespace).stream().filter(j -> pool.equals(j.getStatus().getPool())).findFirst()
        .orElseThrow().getMetadata().getName();
  }
}
