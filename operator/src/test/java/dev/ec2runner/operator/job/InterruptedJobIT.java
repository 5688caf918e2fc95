package dev.ec2runner.operator.job;

import static dev.ec2runner.operator.testsupport.TestResources.ORG;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job whose runner is lost mid-job is rerun once, when the pool allows it. */
@WithOperator
class InterruptedJobIT {

  private static final long RUN = 10;
  private static final String REPO = ORG + "/app";
  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void aJobLostWithItsSpotInstanceIsRerunOnceGitHubHasFailedIt() throws Exception {
    world.createPool(pool(ns, "gpu", 5));
    String runner = startJobOnARunnerThenInterruptIt();

    await().untilAsserted(() -> assertThat(annotations()).containsEntry(InterruptedJobMarker.INTERRUPTED, runner));
    // Nothing is asked while the job's completion webhook may still arrive (it may have ended well).
    assertThat(world.gitHub().callCount("rerunJob 1")).isZero();
    world.clock().advance(InterruptedJobReruns.COMPLETION_GRACE);
    // GitHub still shows the job running (it notices lost runners after a while): nothing to rerun yet.
    await().untilAsserted(() -> assertThat(world.gitHub().callCount("jobStatus 1")).isEqualTo(1));
    assertThat(world.gitHub().callCount("rerunJob 1")).isZero();
    assertThat(annotations()).doesNotContainKey(InterruptedJobReruns.RERUN);

    world.gitHub().setJob(REPO, RUN, 1, "completed", "failure");
    world.clock().advance(InterruptedJobReruns.RETRY_EVERY);

    await().untilAsserted(() -> assertThat(annotations()).containsEntry(InterruptedJobReruns.RERUN, "requested"));
    assertThat(world.gitHub().jobsOfRun(REPO, RUN)).as("GitHub queued the job again, as a new job")
        .anySatisfy(job -> assertThat(job.status()).isEqualTo("queued"))
        .anySatisfy(job -> assertThat(job).isEqualTo(new JobStatus(1, "completed", "failure", null)));
    await().untilAsserted(() -> assertThat(world.events(ns, "JobRerun")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("job 1").contains(runner)));

    // The completion webhook arrives late; whatever happens next, the job is not rerun again.
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("failure");
      return j;
    });
    world.clock().advance(Duration.ofMinutes(5));
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Failed"));
    assertThat(world.gitHub().callCount("rerunJob 1")).isEqualTo(1);
    assertThat(world.counter("ec2runner.jobs.reruns", "outcome", "requested")).isEqualTo(1);
  }

  @Test
  void aJobThatEndedWellBeforeItsInstanceWentAwayIsNotRerun() throws Exception {
    world.createPool(pool(ns, "gpu", 5));
    startJobOnARunnerThenInterruptIt();
    await().untilAsserted(() -> assertThat(annotations()).containsKey(InterruptedJobMarker.INTERRUPTED));

    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("success");
      return j;
    });
    world.clock().advance(InterruptedJobReruns.COMPLETION_GRACE.multipliedBy(2));

    await().untilAsserted(() -> assertThat(annotations()).containsEntry(InterruptedJobReruns.RERUN, "not-needed"));
    assertThat(world.gitHub().callCount("rerunJob")).isZero();
  }

  @Test
  void aJobGitHubReportsSuccessfulIsNotRerunWhenItsWebhooksWereLost() {
    world.createPool(pool(ns, "gpu", 5));
    startJobOnARunnerThenInterruptIt();
    await().untilAsserted(() -> assertThat(annotations()).containsKey(InterruptedJobMarker.INTERRUPTED));

    // The runner was taken for lost, but the job had ended well; its completion webhook never arrived.
    world.gitHub().setJob(REPO, RUN, 1, "completed", "success");
    world.clock().advance(InterruptedJobReruns.COMPLETION_GRACE);

    await().untilAsserted(() -> assertThat(annotations()).containsEntry(InterruptedJobReruns.RERUN, "not-needed"));
    assertThat(world.gitHub().callCount("jobStatus 1")).isEqualTo(1);
    assertThat(world.gitHub().callCount("rerunJob")).isZero();
  }

  @Test
  void aPoolThatDisablesRerunsLeavesTheJobAlone() {
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getRunner().setRerunInterruptedJobs(false);
    world.createPool(pool);
    String runner = startJobOnARunnerThenInterruptIt();
    world.gitHub().setJob(REPO, RUN, 1, "completed", "failure");

    await().untilAsserted(() -> assertThat(annotations())
        .containsEntry(InterruptedJobMarker.INTERRUPTED, runner).containsEntry(InterruptedJobReruns.RERUN, "disabled"));
    assertThat(world.gitHub().callCount("rerunJob")).isZero();
    assertThat(world.events(ns, "JobRerun")).isEmpty();
  }

  /** A runner takes job 1, then its spot instance is interrupted while GitHub still reports it busy. */
  private String startJobOnARunnerThenInterruptIt() {
    world.gitHub().setJob(REPO, RUN, 1, "queued", null);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String runner = world.runners(ns, "gpu").get(0).getMetadata().getName();
    world.gitHub().setBusy(runner, true);
    world.gitHub().setJob(REPO, RUN, 1, "in_progress", null);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(runner)
          .withStartedAt(OperatorWorld.START.plusSeconds(20).toString());
      return j;
    });
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Busy")));

    world.cloud().reclaim(world.cloud().instanceOfRunner(runner).orElseThrow().instanceId());
    // Terminated instances drop out of listings; the Runner counts as lost once the visibility grace has passed.
    world.clock().advance(Duration.ofMinutes(1));
    return runner;
  }

  private Map<String, String> annotations() {
    Map<String, String> annotations = world.job(ns, "job-1").getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }
}
