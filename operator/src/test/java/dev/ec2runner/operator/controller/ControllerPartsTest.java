package dev.ec2runner.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerPoolStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.planner.ObservedRunner;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit tests of the small pure pieces the controllers are built from. */
class ControllerPartsTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void conditionsKeepTheirTransitionTimeWhileTheStatusStaysTheSame() {
    List<Condition> first = Conditions.merge(List.of(),
        List.of(new PlannedCondition("AtCapacity", true, "MaxRunnersReached", "3 more")), T0, 1L);
    List<Condition> same = Conditions.merge(first,
        List.of(new PlannedCondition("AtCapacity", true, "MaxRunnersReached", "5 more")), T0.plusSeconds(60), 2L);
    List<Condition> flipped = Conditions.merge(same,
        List.of(new PlannedCondition("AtCapacity", false, "BelowMaxRunners", "ok")), T0.plusSeconds(120), 2L);

    assertThat(same).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
      assertThat(c.getMessage()).isEqualTo("5 more");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
    assertThat(flipped).singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo(T0.plusSeconds(120).toString()));
    assertThat(Conditions.becameTrue(List.of(), first, "AtCapacity")).isTrue();
    assertThat(Conditions.becameTrue(first, same, "AtCapacity")).isFalse();
  }

  @Test
  void unavailableOfferingsExpireAfterTheirCoolDown() {
    MutableClock clock = new MutableClock(T0);
    UnavailableOfferings offerings = new UnavailableOfferings(clock, Duration.ofMinutes(3));
    List<String> types = List.of("m7i.large", "m6i.large");

    offerings.markUnavailable(List.of(new Offering("m7i.large", null, CapacityType.SPOT)));
    assertThat(offerings.exhausts(CapacityType.SPOT, types)).isFalse();
    offerings.markUnavailable(List.of(new Offering("m6i.large", null, CapacityType.SPOT),
        new Offering("m6i.large", "eu-west-1a", CapacityType.ON_DEMAND)));
    assertThat(offerings.exhausts(CapacityType.SPOT, types)).isTrue();
    assertThat(offerings.exhausts(CapacityType.ON_DEMAND, types)).isFalse();
    assertThat(offerings.current()).hasSize(3);

    clock.advance(Duration.ofMinutes(3));
    assertThat(offerings.current()).isEmpty();
    assertThat(offerings.exhausts(CapacityType.SPOT, types)).isFalse();
  }

  @Test
  void newRunnersSnapshotThePoolAndAreOwnedByIt() {
    RunnerPool pool = TestResources.pool("ci", "gpu", 5);
    pool.getMetadata().setUid("pool-uid");

    Runner runner = RunnerFactory.newRunner(pool, T0);

    assertThat(runner.getMetadata().getName()).matches("gpu-[a-z0-9]{5}");
    assertThat(runner.getMetadata().getLabels()).containsEntry(ApiGroup.POOL_LABEL, "gpu");
    assertThat(runner.getMetadata().getAnnotations()).containsEntry(RunnerFactory.DEMAND_QUEUED_AT, T0.toString());
    assertThat(runner.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("pool-uid");
      assertThat(o.getKind()).isEqualTo("RunnerPool");
      assertThat(o.getController()).isTrue();
    });
    assertThat(runner.getSpec().getCapacityTypes()).containsExactly("spot", "on-demand");
    assertThat(runner.getSpec().getLabels()).containsExactly("gpu");
    assertThat(runner.getSpec().getEphemeral()).isTrue();
    assertThat(RunnerFactory.capacityTypes("on-demand")).containsExactly("on-demand");
    assertThat(RunnerFactory.newRunner(pool, null).getMetadata().getAnnotations()).isEmpty();
    assertThat(runner.getMetadata().getFinalizers()).as("born with the Runner controller's finalizer")
        .containsExactly(ApiGroup.RUNNER_FINALIZER);
  }

  @Test
  void aStatusThatChangesOnlyInItsCountsMayBePaced() {
    RunnerPoolStatus before = new RunnerPoolStatus().withObservedGeneration(1L).withScope("org acme")
        .withConditions(List.of()).withSelector("sel").withRunners(3).withIdle(1).withLastScaleUpTime(T0.toString());

    assertThat(PoolStatusUpdate.onlyCountsDiffer(before, copy(before).withRunners(4).withIdle(2)
        .withLastScaleUpTime(T0.plusSeconds(1).toString()))).isTrue();
    assertThat(PoolStatusUpdate.onlyCountsDiffer(before, copy(before).withRunners(4).withObservedGeneration(2L)))
        .isFalse();
    List<Condition> below = Conditions.merge(List.of(),
        List.of(new PlannedCondition("AtCapacity", false, "BelowMaxRunners", "the pool has 3 of maxRunners 9")), T0, 1L);
    RunnerPoolStatus belowCap = copy(before).withConditions(below);
    assertThat(PoolStatusUpdate.onlyCountsDiffer(belowCap, copy(belowCap).withRunners(4).withConditions(
        Conditions.merge(below, List.of(new PlannedCondition("AtCapacity", false, "BelowMaxRunners",
            "the pool has 4 of maxRunners 9")), T0.plusSeconds(1), 1L)))).as("only the wording of a condition").isTrue();
    assertThat(PoolStatusUpdate.onlyCountsDiffer(belowCap, copy(belowCap).withConditions(Conditions.merge(below,
        List.of(new PlannedCondition("AtCapacity", true, "MaxRunnersReached", "5 more runner(s) wanted")),
        T0.plusSeconds(1), 1L)))).as("a condition that turned").isFalse();
    assertThat(PoolStatusUpdate.onlyCountsDiffer(null, before)).as("a first status is written at once").isFalse();
  }

  private static RunnerPoolStatus copy(RunnerPoolStatus status) {
    return new RunnerPoolStatus().withObservedGeneration(status.getObservedGeneration())
        .withScope(status.getScope()).withConditions(status.getConditions()).withSelector(status.getSelector())
        .withRunners(status.getRunners()).withIdle(status.getIdle()).withLastScaleUpTime(status.getLastScaleUpTime());
  }

  @Test
  void jobStatusReflectsStateConclusionAndWait() {
    WorkflowJob job = TestResources.queuedJob("ci", 1, T0);
    assertThat(WorkflowJobs.desired(job, "gpu").getPhase()).isEqualTo("Pending");

    job.getSpec().withState("in_progress").withRunnerName("gpu-abcde").withStartedAt(T0.plusSeconds(75).toString());
    assertThat(WorkflowJobs.desired(job, "gpu")).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Running");
      assertThat(s.getRunner()).isEqualTo("gpu-abcde");
      assertThat(s.getWaited()).isEqualTo("1m15s");
      assertThat(s.getPool()).isEqualTo("gpu");
    });
    job.getSpec().withState("completed").withConclusion("failure");
    assertThat(WorkflowJobs.desired(job, "gpu").getPhase()).isEqualTo("Failed");
    job.getSpec().withConclusion("cancelled");
    assertThat(WorkflowJobs.desired(job, "gpu").getPhase()).isEqualTo("Cancelled");
  }

  @Test
  void aBusyRunnerNoJobNamesCoversTheNewestQueuedJob() {
    WorkflowJob older = TestResources.queuedJob("ci", 1, T0);
    WorkflowJob newer = TestResources.queuedJob("ci", 2, T0.plusSeconds(5));
    WorkflowJob running = TestResources.queuedJob("ci", 3, T0);
    running.getSpec().withState("in_progress").withRunnerName("gpu-named");
    var named = new ObservedRunner("gpu-named", RunnerPhase.BUSY, T0, T0, true, true, null, T0, false, null);
    var unnamed = new ObservedRunner("gpu-other", RunnerPhase.IDLE, T0, T0, true, true, null, T0, false, null);

    List<WorkflowJob> jobs = List.of(newer, older, running);
    assertThat(WorkflowJobs.pendingDemand(jobs, jobs, List.of(named), Set.of()))
        .extracting(p -> p.name()).containsExactly("job-1", "job-2");
    assertThat(WorkflowJobs.pendingDemand(jobs, jobs, List.of(named, unnamed), Set.of()))
        .extracting(p -> p.name()).containsExactly("job-1");
  }

  @Test
  void aBusyRunnerRunningAnotherPoolsJobLeavesThisPoolsQueuedJobsAsDemand() {
    // GitHub gave general's job to big's idle runner: big's xl job still waits and needs a runner of its own.
    WorkflowJob xl = TestResources.queuedJob("ci", 1, T0);
    WorkflowJob plain = TestResources.queuedJob("ci", 2, T0);
    plain.getSpec().withState("in_progress").withRunnerName("big-taken");
    var taken = new ObservedRunner("big-taken", RunnerPhase.BUSY, T0, T0, true, true, null, T0, false, null);

    assertThat(WorkflowJobs.pendingDemand(List.of(xl), List.of(xl, plain), List.of(taken), Set.of()))
        .extracting(p -> p.name()).containsExactly("job-1");
  }

  @Test
  void jobsGoToTheMostSpecificPoolAndNeverToOneBeingDeleted() {
    RunnerPool generic = TestResources.pool("ci", "generic", 5);
    generic.getSpec().getGithub().setLabels(List.of("gpu", "large"));
    RunnerPool exact = TestResources.pool("ci", "exact", 5);
    WorkflowJob job = TestResources.queuedJob("ci", 1, T0);
    List<RunnerPool> pools = new ArrayList<>(List.of(generic, exact));

    assertThat(WorkflowJobs.bestPool(job, pools)).contains("exact");
    exact.getMetadata().setDeletionTimestamp(T0.toString());
    assertThat(WorkflowJobs.bestPool(job, pools)).contains("generic");
    job.getSpec().setLabels(List.of("ubuntu-latest"));
    assertThat(WorkflowJobs.bestPool(job, pools)).isEmpty();
    assertThat(WorkflowJobs.pending(List.of(TestResources.queuedJob("ci", 2, T0)))).singleElement()
        .satisfies(p -> assertThat(p.queuedAt()).isEqualTo(T0));
  }
}
