package dev.ec2runner.operator.planner;

import static dev.ec2runner.operator.planner.TestRunners.T0;
import static dev.ec2runner.operator.planner.TestRunners.busy;
import static dev.ec2runner.operator.planner.TestRunners.idle;
import static dev.ec2runner.operator.planner.TestRunners.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs GitHub leaves beside an idle runner past unassignedDemandTimeout stop counting as demand. */
class UnassignedDemandTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final PoolPolicy POLICY = new PoolPolicy(5, 0, 0, List.of(), Duration.ZERO, Duration.ZERO,
      Duration.ofMinutes(5), Duration.ofMinutes(10), TIMEOUT);

  @Test
  void aJobLeftBesideAnIdleRunnerPastTheTimeoutStopsCountingAndItsRunnerMayGo() {
    Instant now = T0.plus(TIMEOUT).plusSeconds(30);
    var runner = idle("p-aaaaa", T0, T0, now);

    Plan plan = Planner.plan(POLICY, List.of(runner), List.of(job("job-1", T0)), null, now);

    assertThat(plan.unassigned()).singleElement().satisfies(u -> {
      assertThat(u.name()).isEqualTo("job-1");
      assertThat(u.idleBesideSince()).isEqualTo(T0);
      assertThat(u.message("p")).contains("pool p").contains("unassignedDemandTimeout 10m")
          .contains("runner group");
    });
    assertThat(plan.demand()).isZero();
    assertThat(plan.counts().pendingJobs()).isZero();
    assertThat(plan.deletions()).extracting(Deletion::runnerName).containsExactly("p-aaaaa");
  }

  @Test
  void beforeTheTimeoutTheJobCountsAndTheRecheckIsWhenItWouldExpire() {
    Instant now = T0.plus(TIMEOUT).minusSeconds(30);
    var runner = idle("p-aaaaa", T0, T0, now);

    Plan plan = Planner.plan(POLICY, List.of(runner), List.of(job("job-1", T0)), null, now);

    assertThat(plan.unassigned()).isEmpty();
    assertThat(plan.demand()).isEqualTo(1);
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.recheckAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void theTimeoutRunsFromWhenTheJobAndAnIdleRunnerFirstWaitedTogether() {
    // The runner was idle long before the job came: only the job's own wait beside it counts.
    Instant queued = T0.plus(Duration.ofMinutes(30));
    Instant now = queued.plus(TIMEOUT).minusSeconds(1);
    Plan plan = Planner.plan(POLICY, List.of(idle("p-aaaaa", T0, T0, now)), List.of(job("job-1", queued)), null,
        now);

    assertThat(plan.unassigned()).isEmpty();
    assertThat(plan.demand()).isEqualTo(1);
  }

  @Test
  void withoutAnIdleRunnerAJobWaitsAsLongAsItMust() {
    Instant now = T0.plus(Duration.ofHours(3));
    Plan plan = Planner.plan(POLICY, List.of(busy("p-aaaaa", T0)), List.of(job("job-1", T0)), null, now);

    assertThat(plan.unassigned()).isEmpty();
    assertThat(plan.demand()).isEqualTo(2);
  }

  @Test
  void aRunnerSeenIdleOnlyOnceDoesNotProveAnything() {
    // GitHub's busy flag lags: one sighting of idle may be a runner that already took the job.
    Instant now = T0.plus(Duration.ofHours(1));
    var seenOnce = idle("p-aaaaa", T0, now, now);
    Plan plan = Planner.plan(POLICY, List.of(seenOnce), List.of(job("job-1", T0)), null, now);

    assertThat(plan.unassigned()).isEmpty();
  }
}
