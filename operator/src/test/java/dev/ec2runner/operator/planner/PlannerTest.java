package dev.ec2runner.operator.planner;

import static dev.ec2runner.operator.planner.TestRunners.T0;
import static dev.ec2runner.operator.planner.TestRunners.booting;
import static dev.ec2runner.operator.planner.TestRunners.busy;
import static dev.ec2runner.operator.planner.TestRunners.deleting;
import static dev.ec2runner.operator.planner.TestRunners.failingLaunch;
import static dev.ec2runner.operator.planner.TestRunners.idle;
import static dev.ec2runner.operator.planner.TestRunners.inPhase;
import static dev.ec2runner.operator.planner.TestRunners.job;
import static dev.ec2runner.operator.planner.TestRunners.pending;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final Duration MIN_RUN = Duration.ofMinutes(5);
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);

  private static PoolPolicy policy(int max, int minIdle) {
    return new PoolPolicy(max, minIdle, 0, List.of(), Duration.ZERO, MIN_RUN, IDLE_TIMEOUT, BOOT_TIMEOUT);
  }

  private static Plan plan(PoolPolicy policy, List<ObservedRunner> runners, List<PendingJob> jobs, Instant now) {
    return Planner.plan(policy, runners, jobs, null, now);
  }

  private static List<PendingJob> jobs(int count, Instant queuedAt) {
    List<PendingJob> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(job("job-" + i, queuedAt));
    }
    return jobs;
  }

  @Test
  void emptyPoolCreatesOneRunnerPerPendingJob() {
    Plan plan = plan(policy(10, 0), List.of(), jobs(3, T0), T0);

    assertThat(plan.create()).isEqualTo(3);
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.counts()).isEqualTo(new PoolCounts(3, 3, 0, 0, 3));
    assertThat(plan.demandQueuedAt()).containsExactly(T0, T0, T0);
  }

  @Test
  void idleAndStartingRunnersCoverPendingJobs() {
    List<ObservedRunner> runners = List.of(idle("p-aaaaa", T0, T0, T0.plusSeconds(30)), booting("p-bbbbb", T0));

    Plan plan = plan(policy(10, 0), runners, jobs(3, T0), T0.plusSeconds(60));

    assertThat(plan.create()).isEqualTo(1);
    assertThat(plan.demand()).isEqualTo(3);
    assertThat(plan.supply()).isEqualTo(2);
  }

  @Test
  void busyRunnersCountOnBothSides() {
    List<ObservedRunner> runners = List.of(busy("p-aaaaa", T0), busy("p-bbbbb", T0));

    Plan plan = plan(policy(10, 1), runners, List.of(), T0);

    assertThat(plan.demand()).isEqualTo(3);
    assertThat(plan.supply()).isEqualTo(2);
    assertThat(plan.create()).isEqualTo(1);
  }

  @Test
  void minIdleKeepsWarmRunnersWithoutJobs() {
    Plan plan = plan(policy(10, 2), List.of(), List.of(), T0);

    assertThat(plan.create()).isEqualTo(2);
    assertThat(plan.demandQueuedAt()).isEmpty();
    assertThat(plan.idleTarget()).isEqualTo(2);
  }

  @Test
  void creationStopsAtMaxRunnersAndReportsAtCapacity() {
    Plan plan = plan(policy(4, 0), List.of(busy("p-aaaaa", T0)), jobs(10, T0), T0);

    assertThat(plan.create()).isEqualTo(3);
    assertThat(plan.counts().runners()).isEqualTo(4);
    PlannedCondition atCapacity = plan.condition(PlannedCondition.AT_CAPACITY).orElseThrow();
    assertThat(atCapacity.status()).isTrue();
    assertThat(atCapacity.reason()).isEqualTo("MaxRunnersReached");
    assertThat(atCapacity.message()).contains("7 more runner(s)").contains("4 of maxRunners 4");
  }

  @Test
  void belowCapTheAtCapacityConditionIsFalse() {
    Plan plan = plan(policy(4, 0), List.of(), jobs(2, T0), T0);

    assertThat(plan.condition(PlannedCondition.AT_CAPACITY).orElseThrow().status()).isFalse();
    assertThat(plan.condition(PlannedCondition.READY).orElseThrow().status()).isTrue();
  }

  @Test
  void runnersBeingDeletedCountAgainstTheCapButNotAsSupply() {
    List<ObservedRunner> runners = List.of(deleting(idle("p-aaaaa", T0, T0, T0)), deleting(busy("p-bbbbb", T0)));

    Plan plan = plan(policy(3, 0), runners, jobs(5, T0), T0);

    assertThat(plan.supply()).isZero();
    assertThat(plan.create()).isEqualTo(1);
    assertThat(plan.counts().runners()).isEqualTo(3);
  }

  @Test
  void jobsYoungerThanScaleUpDelayWaitAndSetTheRecheckTime() {
    PoolPolicy policy = new PoolPolicy(10, 0, 0, List.of(), Duration.ofSeconds(30), MIN_RUN, IDLE_TIMEOUT,
        BOOT_TIMEOUT);
    List<PendingJob> jobs = List.of(job("old", T0), job("young", T0.plusSeconds(20)));

    Plan plan = plan(policy, List.of(), jobs, T0.plusSeconds(40));

    assertThat(plan.create()).isEqualTo(1);
    assertThat(plan.counts().pendingJobs()).isEqualTo(2);
    assertThat(plan.recheckAfter()).contains(Duration.ofSeconds(10));
  }

  @Test
  void replicasFloorKeepsRunnersEvenWhenBusy() {
    PoolPolicy policy = new PoolPolicy(10, 0, 3, List.of(), Duration.ZERO, MIN_RUN, IDLE_TIMEOUT, BOOT_TIMEOUT);

    Plan plan = plan(policy, List.of(busy("p-aaaaa", T0)), List.of(), T0);

    assertThat(plan.demand()).isEqualTo(3);
    assertThat(plan.create()).isEqualTo(2);
  }

  @Test
  void idleRunnerPastIdleTimeoutAboveTargetIsDeleted() {
    Instant now = T0.plus(Duration.ofMinutes(20));
    List<ObservedRunner> runners = List.of(idle("p-aaaaa", T0, T0.plus(Duration.ofMinutes(10)), now));

    Plan plan = plan(policy(10, 0), runners, List.of(), now);

    assertThat(plan.deletions()).containsExactly(new Deletion("p-aaaaa", DeletionReason.IDLE_TIMEOUT));
    assertThat(plan.create()).isZero();
  }

  @Test
  void idleRunnerIsKeptBeforeIdleTimeoutAndRecheckedWhenItExpires() {
    Instant now = T0.plus(Duration.ofMinutes(12));
    List<ObservedRunner> runners = List.of(idle("p-aaaaa", T0, T0.plus(Duration.ofMinutes(10)), now));

    Plan plan = plan(policy(10, 0), runners, List.of(), now);

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.recheckAfter()).contains(Duration.ofMinutes(3));
  }

  @Test
  void idleRunnerIsKeptBeforeMinimumRunningTime() {
    Instant launched = T0;
    PoolPolicy policy = new PoolPolicy(10, 0, 0, List.of(), Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(1),
        BOOT_TIMEOUT);
    Instant now = T0.plus(Duration.ofMinutes(10));

    Plan plan = plan(policy, List.of(idle("p-aaaaa", launched, T0.plusSeconds(60), now)), List.of(), now);

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.recheckAfter()).contains(Duration.ofMinutes(20));
  }

  @Test
  void idleSeenInOnlyOneObservationIsNotDeleted() {
    PoolPolicy policy = new PoolPolicy(10, 0, 0, List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, BOOT_TIMEOUT);
    Instant now = T0.plus(Duration.ofMinutes(20));
    ObservedRunner firstSighting = idle("p-aaaaa", T0, now, now);
    ObservedRunner secondSighting = idle("p-aaaaa", T0, now.minusSeconds(30), now);

    assertThat(plan(policy, List.of(firstSighting), List.of(), now).deletions()).isEmpty();
    assertThat(plan(policy, List.of(secondSighting), List.of(), now).deletions())
        .containsExactly(new Deletion("p-aaaaa", DeletionReason.IDLE_TIMEOUT));
  }

  @Test
  void onlyTheSurplusAboveTheIdleTargetGoesOldestFirst() {
    Instant now = T0.plus(Duration.ofHours(1));
    Instant idleSince = T0.plus(Duration.ofMinutes(30));
    List<ObservedRunner> runners = List.of(
        idle("p-ccccc", T0.plus(Duration.ofMinutes(3)), idleSince, now),
        idle("p-aaaaa", T0.plus(Duration.ofMinutes(2)), idleSince, now),
        idle("p-bbbbb", T0.plus(Duration.ofMinutes(1)), idleSince, now));

    Plan plan = plan(policy(10, 1), runners, List.of(), now);

    assertThat(plan.deletions()).containsExactly(
        new Deletion("p-bbbbb", DeletionReason.IDLE_TIMEOUT),
        new Deletion("p-aaaaa", DeletionReason.IDLE_TIMEOUT));
  }

  @Test
  void idleRunnersWaitingForPendingJobsAreKept() {
    Instant now = T0.plus(Duration.ofHours(1));
    List<ObservedRunner> runners = List.of(idle("p-aaaaa", T0, T0, now));

    Plan plan = plan(policy(10, 0), runners, jobs(1, now), now);

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.create()).isZero();
  }

  @Test
  void busyRunnerIsNeverDeletedEvenWithAnOldIdleSince() {
    Instant now = T0.plus(Duration.ofHours(1));
    ObservedRunner busyButStaleIdle = new ObservedRunner("p-aaaaa", RunnerPhase.IDLE, T0, T0, true, true, T0, now,
        false, null);

    Plan plan = plan(policy(10, 0), List.of(busyButStaleIdle), List.of(), now);

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.counts().busy()).isEqualTo(1);
  }

  @Test
  void runnerStuckBeforeRegistrationIsReplacedAfterBootTimeout() {
    Instant now = T0.plus(BOOT_TIMEOUT);

    Plan plan = plan(policy(10, 0), List.of(booting("p-aaaaa", T0)), jobs(1, T0), now);

    assertThat(plan.deletions()).containsExactly(new Deletion("p-aaaaa", DeletionReason.BOOT_TIMEOUT));
    assertThat(plan.create()).isEqualTo(1);
    assertThat(plan.counts().runners()).isEqualTo(2);
  }

  @Test
  void bootTimeoutReplacementWaitsForRoomUnderTheCap() {
    Plan plan = plan(policy(1, 0), List.of(booting("p-aaaaa", T0)), jobs(1, T0), T0.plus(BOOT_TIMEOUT));

    assertThat(plan.deletions()).containsExactly(new Deletion("p-aaaaa", DeletionReason.BOOT_TIMEOUT));
    assertThat(plan.create()).isZero();
  }

  @Test
  void bootingRunnerBeforeTimeoutSetsTheRecheck() {
    Plan plan = plan(policy(10, 0), List.of(booting("p-aaaaa", T0)), jobs(1, T0), T0.plus(Duration.ofMinutes(4)));

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.recheckAfter()).contains(Duration.ofMinutes(6));
  }

  @Test
  void runnerNotYetLaunchedIsNotTimedOut() {
    Plan plan = plan(policy(10, 0), List.of(pending("p-aaaaa", T0)), jobs(1, T0), T0.plus(Duration.ofHours(2)));

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.create()).isZero();
  }

  @Test
  void failedRunnersAreDeletedAndNeverCountedAsCapacity() {
    Plan plan = plan(policy(10, 0), List.of(inPhase("p-aaaaa", RunnerPhase.FAILED, T0)), jobs(1, T0), T0);

    assertThat(plan.deletions()).containsExactly(new Deletion("p-aaaaa", DeletionReason.FAILED));
    assertThat(plan.supply()).isZero();
    assertThat(plan.create()).isEqualTo(1);
    assertThat(plan.counts().runners()).isEqualTo(2);
  }

  @Test
  void finishedEphemeralRunnersAreDeletedAsCompleted() {
    Plan plan = plan(policy(10, 0), List.of(inPhase("p-aaaaa", RunnerPhase.TERMINATING, T0)), List.of(), T0);

    assertThat(plan.deletions()).containsExactly(new Deletion("p-aaaaa", DeletionReason.COMPLETED));
  }

  @Test
  void loweringMaxRunnersRemovesRunnersWithoutJobsStartingOnesFirst() {
    List<ObservedRunner> runners = List.of(busy("p-aaaaa", T0), idle("p-bbbbb", T0, T0, T0.plusSeconds(30)),
        booting("p-ccccc", T0), pending("p-ddddd", T0.plusSeconds(5)));

    Plan plan = plan(policy(1, 0), runners, jobs(4, T0), T0.plusSeconds(60));

    assertThat(plan.deletions()).containsExactly(
        new Deletion("p-ddddd", DeletionReason.OVER_CAPACITY),
        new Deletion("p-ccccc", DeletionReason.OVER_CAPACITY),
        new Deletion("p-bbbbb", DeletionReason.OVER_CAPACITY));
    assertThat(plan.create()).isZero();
  }

  @Test
  void zeroMaxRunnersPausesThePoolButLetsBusyRunnersFinish() {
    List<ObservedRunner> runners = List.of(busy("p-aaaaa", T0), idle("p-bbbbb", T0, T0, T0.plusSeconds(30)));

    Plan plan = plan(policy(0, 0), runners, jobs(2, T0), T0.plusSeconds(60));

    assertThat(plan.deletions()).containsExactly(new Deletion("p-bbbbb", DeletionReason.OVER_CAPACITY));
    assertThat(plan.create()).isZero();
  }

  @Test
  void aBlockerStopsCreationAndMakesThePoolNotReady() {
    PoolBlocker blocker = new PoolBlocker("AppSecretInvalid", "Secret app-creds has no key privateKey");

    Plan plan = Planner.plan(policy(10, 2), List.of(inPhase("p-aaaaa", RunnerPhase.FAILED, T0)), jobs(3, T0),
        blocker, T0);

    assertThat(plan.create()).isZero();
    assertThat(plan.deletions()).containsExactly(new Deletion("p-aaaaa", DeletionReason.FAILED));
    PlannedCondition ready = plan.condition(PlannedCondition.READY).orElseThrow();
    assertThat(ready.status()).isFalse();
    assertThat(ready.reason()).isEqualTo("AppSecretInvalid");
    assertThat(plan.condition(PlannedCondition.AT_CAPACITY).orElseThrow().status()).isFalse();
  }

  @Test
  void launchFailuresSetLaunchFailingAndReadyFalse() {
    List<ObservedRunner> runners = List.of(
        failingLaunch("p-aaaaa", T0, "InsufficientCapacity", "no spot or on-demand capacity for m7i.large"),
        failingLaunch("p-bbbbb", T0, "InsufficientCapacity", "no spot or on-demand capacity for m7i.large"));

    Plan plan = plan(policy(10, 0), runners, jobs(2, T0), T0);

    PlannedCondition failing = plan.condition(PlannedCondition.LAUNCH_FAILING).orElseThrow();
    assertThat(failing.status()).isTrue();
    assertThat(failing.reason()).isEqualTo("InsufficientCapacity");
    assertThat(failing.message()).startsWith("p-aaaaa: no spot").endsWith("(and 1 more Runner(s))");
    assertThat(plan.condition(PlannedCondition.READY).orElseThrow().reason()).isEqualTo("LaunchFailing");
    assertThat(plan.create()).isZero();
  }

  @Test
  void demandQueuedAtSkipsJobsThatExistingRunnersCover() {
    Instant first = T0;
    Instant second = T0.plusSeconds(1);
    Instant third = T0.plusSeconds(2);
    List<PendingJob> jobs = List.of(job("c", third), job("a", first), job("b", second));

    Plan plan = plan(policy(10, 0), List.of(booting("p-aaaaa", T0)), jobs, T0.plusSeconds(5));

    assertThat(plan.create()).isEqualTo(2);
    assertThat(plan.demandQueuedAt()).containsExactly(second, third);
  }
}
