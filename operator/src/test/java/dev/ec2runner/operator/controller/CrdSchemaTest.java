package dev.ec2runner.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.Planner;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.PoolPolicy;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.operator.testsupport.CrdSchemas;
import dev.ec2runner.operator.testsupport.TestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the operator writes (and what the tests create) passes the CRDs' schemas, as a real API server demands. */
class CrdSchemaTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void testPoolsAndTheStatusThePoolControllerWritesAreValid() {
    RunnerPool pool = TestResources.pool("ci", "gpu", 5);
    pool.getMetadata().setGeneration(3L);
    var plan = Planner.plan(PoolPolicy.from(pool.getSpec()), List.of(), List.of(),
        new PoolBlocker("AppSecretInvalid", "Secret github-app not found"), T0);
    pool.setStatus(PoolStatusUpdate.next(pool, dev.ec2runner.api.matching.PoolScope.of(pool.getSpec().getGithub()),
        plan, T0));

    assertThat(CrdSchemas.violations("runnerpools.ec2runner.dev", pool)).isEmpty();
  }

  @Test
  void theGitHubConditionsAreValidPoolConditions() {
    RunnerPool pool = TestResources.pool("ci", "gpu", 5);
    pool.getMetadata().setGeneration(1L);
    var plan = Planner.plan(PoolPolicy.from(pool.getSpec()), List.of(), List.of(),
        new PoolBlocker(RunnerGroupResolver.RUNNER_GROUP_NOT_FOUND, "runner group 'gpu' does not exist in acme"), T0);
    var health = new GitHubHealth(Clock.fixed(T0, ZoneOffset.UTC), new OperatorMetrics(new SimpleMeterRegistry()));
    pool.setStatus(PoolStatusUpdate.next(pool, PoolScope.of(pool.getSpec().getGithub()),
        plan, health.conditions(new InstallationRef("", 1, 2)), T0));

    assertThat(pool.getStatus().getConditions()).extracting(c -> c.getType())
        .contains("GitHubReachable", "RateLimitLow");
    assertThat(CrdSchemas.violations("runnerpools.ec2runner.dev", pool)).isEmpty();
  }

  @Test
  void aJobSettledByAStillQueuedCheckHasAValidStatus() {
    WorkflowJob job = TestResources.queuedJob("ci", 1, T0);
    job.setStatus(WorkflowJobs.desired(job, "gpu").withPhase("Cancelled")
        .withMessage("GitHub reports the job completed (conclusion cancelled) but its completed webhook never arrived"));

    assertThat(WorkflowJobs.settledOnGitHub(job)).isTrue();
    assertThat(CrdSchemas.violations("workflowjobs.ec2runner.dev", job)).isEmpty();
  }

  @Test
  void runnersTheOperatorCreatesAndTheirStatusesAreValid() {
    Runner runner = RunnerFactory.newRunner(TestResources.pool("ci", "gpu", 5), T0);
    for (RunnerPhase phase : RunnerPhase.values()) {
      runner.setStatus(new RunnerStatus().withPhase(phase.wireName()).withInstanceId("i-0123456789abcdef0")
          .withCapacityType("on-demand").withLaunchedAt(T0.toString()).withGithubRunnerId(42L));
      assertThat(CrdSchemas.violations("runners.ec2runner.dev", runner)).as(phase.name()).isEmpty();
    }
  }

  @Test
  void testJobsAndTheirStatusesAreValid() {
    WorkflowJob job = TestResources.queuedJob("ci", 1, T0);
    job.setStatus(WorkflowJobs.desired(job, "gpu"));

    assertThat(CrdSchemas.violations("workflowjobs.ec2runner.dev", job)).isEmpty();
  }

  @Test
  void theCheckCatchesAnInvalidObject() {
    Runner runner = RunnerFactory.newRunner(TestResources.pool("ci", "gpu", 5), T0);
    runner.setStatus(new RunnerStatus().withPhase("Sleeping"));

    assertThat(CrdSchemas.violations("runners.ec2runner.dev", runner)).isNotEmpty();
  }
}
