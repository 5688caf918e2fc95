package dev.ec2runner.operator.job;

import static dev.ec2runner.operator.testsupport.TestResources.ORG;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jobs queued longer than the threshold count as demand only while GitHub confirms they are still queued. */
class StillQueuedCheckIT {

  private static final Duration THRESHOLD = Duration.ofMinutes(10);
  private static final long RUN = 10;
  private static final Duration TTL = OperatorWorld.testConfig().completedJobTtl();
  private static final String REPO = ORG + "/app";
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder()
      .config(config -> config.withStillQueuedCheckAfter(THRESHOLD)));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  @BeforeEach
  void start() {
    RunnerPool pool = pool(ns, "gpu", 5);
    // These jobs wait beside idle runners for two check periods: the still-queued check, not the
    // unassignedDemandTimeout (UnassignedDemandIT), is what this class is about.
    pool.getSpec().getScaling().withUnassignedDemandTimeout("1h");
    world.createPool(pool);
  }

  @Test
  void aCancelledJobWhoseCompletionWebhookWasLostStopsHoldingCapacityAfterTheThreshold() {
    world.gitHub().setJob(REPO, RUN, 1, "queued", null);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));

    // Cancelled on GitHub before any runner took it; the completed webhook never arrives.
    world.gitHub().setJob(REPO, RUN, 1, "completed", "cancelled");
    assertThat(world.gitHub().callCount("jobsOfRun")).as("no check before the threshold").isZero();
    world.clock().advance(THRESHOLD);

    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus()).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Cancelled");
      assertThat(s.getMessage()).contains("completed webhook never arrived");
    }));
    assertThat(world.job(ns, "job-1").getSpec().getState()).as("the receiver's spec is left alone")
        .isEqualTo("queued");
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isZero());
    // The runner kept for it is now surplus and goes after idleTimeout (long past on the advanced clock).
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).isEmpty());
    assertThat(world.gitHub().callCount("jobsOfRun " + RUN)).as("checked once per threshold period")
        .isEqualTo(1);
    assertThat(world.counter("ec2runner.jobs.still.queued.checks", "verdict", "finished")).isEqualTo(1);
  }

  @Test
  void anUnassignedJobFoundFinishedOnGitHubIsSettledAndCollectedAfterTheTtl() {
    world.gitHub().setJob(REPO, RUN, 1, "queued", null);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    // GitHub never hands the job to the idle runner: past unassignedDemandTimeout it stops counting.
    world.clock().advance(Duration.ofHours(1));
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus().getPhase())
        .isEqualTo("Unassigned"));

    // Cancelled on GitHub; the completed webhook never arrives.
    world.gitHub().setJob(REPO, RUN, 1, "completed", "cancelled");
    world.clock().advance(THRESHOLD);

    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus()).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Cancelled");
      assertThat(s.getMessage()).contains("completed webhook never arrived");
    }));
    // Settled without a completion time, the job expires a TTL after its creation.
    Instant created = Instant.parse(world.job(ns, "job-1").getMetadata().getCreationTimestamp());
    world.clock().set(created.plus(TTL));
    await().untilAsserted(() -> assertThat(world.jobs(ns)).isEmpty());
  }

  @Test
  void jobsStillQueuedKeepCountingAndAreCheckedOncePerPeriodWithOneCallPerRun() {
    for (long id = 1; id <= 2; id++) {
      world.gitHub().setJob(REPO, RUN, id, "queued", null);
      WorkflowJob job = queuedJob(ns, id, OperatorWorld.START);
      job.getSpec().setRunId(RUN);
      world.client().resource(job).create();
    }
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));

    world.clock().advance(THRESHOLD);
    await().untilAsserted(() -> assertThat(world.gitHub().callCount("jobsOfRun " + RUN)).isEqualTo(1));
    world.clock().advance(THRESHOLD);
    await().untilAsserted(() -> assertThat(world.gitHub().callCount("jobsOfRun " + RUN)).isEqualTo(2));

    assertThat(world.gitHub().callCount("jobStatus")).as("one call per run, not per job").isZero();
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(2));
    assertThat(world.runners(ns, "gpu")).hasSize(2);
    assertThat(world.job(ns, "job-1").getStatus().getPhase()).isEqualTo("Pending");
  }

  @Test
  void noChecksWhileTheBudgetIsLowAndTheJobKeepsCountingMeanwhile() {
    Instant reset = OperatorWorld.START.plus(Duration.ofHours(1));
    world.gitHub().setJob(REPO, RUN, 1, "completed", "cancelled");
    world.gitHub().setRateLimit(new RateLimitBudget(5000, 100, reset, OperatorWorld.START));
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.conditions(ns, "gpu"))
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("RateLimitLow=True")));

    world.clock().advance(THRESHOLD);
    // A new budget reading changes the condition's message: once it shows, a reconcile ran past the threshold.
    world.gitHub().setRateLimit(new RateLimitBudget(5000, 99, reset, OperatorWorld.START));
    await().untilAsserted(() -> assertThat(world.conditions(ns, "gpu"))
        .anySatisfy(c -> assertThat(c.getMessage()).contains("99 of 5000")));
    assertThat(world.gitHub().callCount("jobsOfRun")).isZero();
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));

    world.gitHub().setRateLimit(new RateLimitBudget(5000, 4000, reset, OperatorWorld.START));
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus().getPhase())
        .isEqualTo("Cancelled"));
  }
}
