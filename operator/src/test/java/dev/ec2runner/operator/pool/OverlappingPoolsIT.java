package dev.ec2runner.operator.pool;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pools whose runners GitHub can hand each other's jobs: both are told, a runner taken by the other pool's job is
 * counted (also once its Runner is gone), and the pool whose runner was taken launches a replacement for its own
 * job at once.
 */
@WithOperator
class OverlappingPoolsIT {

  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void bothPoolsSayWhichLabelSeparatesThemAndATakenRunnerIsCountedAndReplaced() {
    world.createPool(pool(ns, "general", 5));
    RunnerPool big = pool(ns, "big", 5);
    big.getSpec().getGithub().setLabels(List.of("gpu", "xl"));
    world.createPool(big);

    String expected = "runners of big (gpu,linux,x64,xl) can take jobs of general (gpu,linux,x64)";
    for (String name : List.of("general", "big")) {
      await().untilAsserted(() -> assertThat(overlapping(name)).satisfies(c -> {
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo("LabelsOverlap");
        assertThat(c.getMessage()).startsWith(expected).contains("give general a label big lacks, e.g. 'general'");
      }));
      await().untilAsserted(() -> assertThat(world.events(ns, "Overlapping"))
          .filteredOn(e -> name.equals(e.getInvolvedObject().getName())).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).startsWith(expected);
          }));
    }

    WorkflowJob xl = queuedJob(ns, 1, OperatorWorld.START);
    xl.getSpec().setLabels(List.of("self-hosted", "gpu", "xl"));
    world.client().resource(xl).create();
    await().untilAsserted(() -> assertThat(idle("big")).hasSize(1));
    String bigRunner = idle("big").get(0).getMetadata().getName();

    // GitHub gives general's plain job to big's idle runner before general's own runner is up.
    world.client().resource(queuedJob(ns, 2, OperatorWorld.START)).create();
    world.gitHub().setBusy(bigRunner, true);
    world.updateJob(ns, "job-2", j -> {
      j.getSpec().withState("in_progress").withRunnerName(bigRunner)
          .withStartedAt(OperatorWorld.START.plusSeconds(5).toString());
      return j;
    });

    await().untilAsserted(() -> assertThat(world.counter("ec2runner.runners.taken", "namespace", ns,
        "pool", "big", "job_pool", "general")).isEqualTo(1.0));
    // The xl job still waits: big launches a second runner for it instead of taking the busy one for its own.
    await().untilAsserted(() -> assertThat(world.runners(ns, "big")).hasSize(2));
    // Pool counts are written at most once a second while only they change.
    await().untilAsserted(() -> assertThat(world.pool(ns, "big").getStatus().getPendingJobs()).isEqualTo(1));
    assertThat(world.job(ns, "job-2").getStatus().getPool()).isEqualTo("general");
  }

  @Test
  void aTakenRunnerWhoseRunnerIsGoneBeforeTheJobIsSeenIsCountedFromItsName() {
    world.createPool(pool(ns, "general", 5));
    RunnerPool big = pool(ns, "big", 5);
    big.getSpec().getGithub().setLabels(List.of("gpu", "xl"));
    world.createPool(big);
    await().untilAsserted(() -> assertThat(overlapping("general").getStatus()).isEqualTo("True"));

    // An ephemeral runner of big ran general's job and was removed before general's reconcile saw the job.
    WorkflowJob done = queuedJob(ns, 2, OperatorWorld.START);
    done.getSpec().withState("completed").withConclusion("success").withRunnerName("big-q7x2k")
        .withStartedAt(OperatorWorld.START.plusSeconds(5).toString())
        .withCompletedAt(OperatorWorld.START.plusSeconds(60).toString());
    world.client().resource(done).create();

    await().untilAsserted(() -> assertThat(world.job(ns, "job-2").getStatus().getRunner()).isEqualTo("big-q7x2k"));
    await().untilAsserted(() -> assertThat(world.counter("ec2runner.runners.taken", "namespace", ns,
        "pool", "big", "job_pool", "general")).isEqualTo(1.0));
    assertThat(world.runners(ns, "big")).isEmpty();
  }

  @Test
  void poolsWithALabelEachAreNotOverlapping() {
    RunnerPool general = pool(ns, "general", 5);
    general.getSpec().getGithub().setLabels(List.of("general"));
    world.createPool(general);
    RunnerPool big = pool(ns, "big", 5);
    big.getSpec().getGithub().setLabels(List.of("big", "xl"));
    world.createPool(big);

    for (String name : List.of("general", "big")) {
      await().untilAsserted(() -> assertThat(overlapping(name)).satisfies(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("NoOverlap");
      }));
    }
    assertThat(world.events(ns, "Overlapping")).isEmpty();
  }

  private Condition overlapping(String pool) {
    return world.conditions(ns, pool).stream().filter(c -> "Overlapping".equals(c.getType())).findFirst()
        .orElseThrow();
  }

  private List<Runner> idle(String pool) {
    return world.runners(ns, pool).stream()
        .filter(r -> r.getStatus() != null && "Idle".equals(r.getStatus().getPhase())).toList();
  }
}
