package dev.ec2runner.operator.job;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs queued longer than the threshold count as demand only while GitHub confirms they are still queued. */
class StillQueuedCheckIT {

  private String ns;
  private static final Duration THRESHOLD = Duration.ofMinutes(10);
  private static final long RUN = 10;
  private OperatorTestHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorTestHarness.start(config -> config.withStillQueuedCheckAfter(THRESHOLD));
    ns = harness.namespace();
    harness.client().resource(appSecret(ns)).create();
    RunnerPool pool = pool(ns, "gpu", 5);
    // These jobs wait beside idle runners for two check periods: the still-queued check, not the
    // unassignedDemandTimeout (UnassignedDemandIT), is what this class is about.
    pool.getSpec().getScaling().withUnassignedDemandTimeout("1h");
    harness.createPool(pool);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aCancelledJobWhoseCompletionWebhookWasLostStopsHoldingCapacityAfterTheThreshold() {
    harness.gitHub().setJob(RUN, 1, "queued", null);
    harness.client().resource(queuedJob(ns, 1, OperatorTestHarness.START)).create();
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));

    // Cancelled on GitHub before any runner took it; the completed webhook never arrives.
    harness.gitHub().setJob(RUN, 1, "completed", "cancelled");
    assertThat(harness.gitHub().callCount("jobsOfRun")).as("no check before the threshold").isZero();
    harness.clock().advance(THRESHOLD);

    await().untilAsserted(() -> assertThat(harness.job(ns, "job-1").getStatus()).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Cancelled");
      assertThat(s.getMessage()).contains("completed webhook never arrived");
    }));
    assertThat(harness.job(ns, "job-1").getSpec().getState()).as("the receiver's spec is left alone")
        .isEqualTo("queued");
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus().getPendingJobs()).isZero());
    // The runner kept for it is now surplus and goes after idleTimeout (long past on the advanced clock).
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).isEmpty());
    assertThat(harness.gitHub().callCount("jobsOfRun " + RUN)).as("checked once per threshold period")
        .isEqualTo(1);
    assertThat(harness.counter("ec2runner.jobs.still.queued.checks", "verdict", "finished")).isEqualTo(1);
  }

  @Test
  void jobsStillQueuedKeepCountingAndAreCheckedOncePerPeriodWithOneCallPerRun() {
    for (long id = 1; id <= 2; id++) {
      harness.gitHub().setJob(RUN, id, "queued", null);
      WorkflowJob job = queuedJob(ns, id, OperatorTestHarness.START);
      job.getSpec().setRunId(RUN);
      harness.client().resource(job).create();
    }
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));

    harness.clock().advance(THRESHOLD);
    await().untilAsserted(() -> assertThat(harness.gitHub().callCount("jobsOfRun " + RUN)).isEqualTo(1));
    harness.clock().advance(THRESHOLD);
    await().untilAsserted(() -> assertThat(harness.gitHub().callCount("jobsOfRun " + RUN)).isEqualTo(2));

    assertThat(harness.gitHub().callCount("jobStatus")).as("one call per run, not per job").isZero();
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(2));
    assertThat(harness.runners(ns, "gpu")).hasSize(2);
    assertThat(harness.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Pending");
  }

  @Test
  void noChecksWhileTheBudgetIsLowAndTheJobKeepsCountingMeanwhile() {
    Instant reset = OperatorTestHarness.START.plus(Duration.ofHours(1));
    harness.gitHub().setJob(RUN, 1, "completed", "cancelled");
    harness.gitHub().setRateLimit(new RateLimitBudget(5000, 100, reset, OperatorTestHarness.START));
    harness.client().resource(queuedJob(ns, 1, OperatorTestHarness.START)).create();
    await().untilAsserted(() -> assertThat(harness.conditions(ns, "gpu"))
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("RateLimitLow=True")));

    harness.clock().advance(THRESHOLD);
    // A new budget reading changes the condition's message: once it shows, a reconcile ran past the threshold.
    harness.gitHub().setRateLimit(new RateLimitBudget(5000, 99, reset, OperatorTestHarness.START));
    await().untilAsserted(() -> assertThat(harness.conditions(ns, "gpu"))
        .anySatisfy(c -> assertThat(c.getMessage()).contains("99 of 5000")));
    assertThat(harness.gitHub().callCount("jobsOfRun")).isZero();
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));

    harness.gitHub().setRateLimit(new RateLimitBudget(5000, 4000, reset, OperatorTestHarness.START));
    await().untilAsserted(() -> assertThat(harness.job(ns, "job-1").getStatus().getPhase())
        .isEqualTo("Cancelled"));
  }
}
