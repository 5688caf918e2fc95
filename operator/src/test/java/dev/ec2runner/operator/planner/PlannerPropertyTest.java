package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the planner over generated pools, runners and jobs. */
class PlannerPropertyTest {

  private static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");

  @Property
  void totalNeverExceedsMaxRunners(@ForAll("policies") PoolPolicy policy, @ForAll("runners") List<ObservedRunner> runners,
      @ForAll("jobs") List<PendingJob> jobs) {
    Plan plan = Planner.plan(policy, runners, jobs, null, NOW);

    assertThat(plan.create()).isLessThanOrEqualTo(Math.max(0, policy.maxRunners() - runners.size()));
    if (runners.size() <= policy.maxRunners()) {
      assertThat(runners.size() + plan.create()).isLessThanOrEqualTo(policy.maxRunners());
    }
    assertThat(plan.create()).isNotNegative();
  }

  @Property
  void aBusyRunnerIsNeverChosenForDeletion(@ForAll("policies") PoolPolicy policy,
      @ForAll("runners") List<ObservedRunner> runners, @ForAll("jobs") List<PendingJob> jobs) {
    Plan plan = Planner.plan(policy, runners, jobs, null, NOW);

    Set<String> busy = runners.stream()
        .filter(r -> r.busy() || r.phase() == RunnerPhase.BUSY || r.phase() == RunnerPhase.DRAINING)
        .map(ObservedRunner::name)
        .collect(Collectors.toSet());
    assertThat(plan.deletions()).noneMatch(d -> busy.contains(d.runnerName()));
    Set<String> deleting = runners.stream().filter(ObservedRunner::deleting).map(ObservedRunner::name)
        .collect(Collectors.toSet());
    assertThat(plan.deletions()).noneMatch(d -> deleting.contains(d.runnerName()));
  }

  @Property
  void pendingJobsWithRoomUnderTheCapAlwaysProduceALaunch(@ForAll("policies") PoolPolicy policy,
      @ForAll("runners") List<ObservedRunner> runners, @ForAll("jobs") List<PendingJob> jobs) {
    long eligible = jobs.stream().filter(j -> !j.queuedAt().plus(policy.scaleUpDelay()).isAfter(NOW)).count();
    long available = runners.stream().filter(r -> availableForAJob(r, policy)).count();

    Plan plan = Planner.plan(policy, runners, jobs, null, NOW);

    if (eligible > available && runners.size() < policy.maxRunners()) {
      assertThat(plan.create()).isPositive();
    }
  }

  @Property
  void planningIsDeterministicAndIgnoresInputOrder(@ForAll("policies") PoolPolicy policy,
      @ForAll("runners") List<ObservedRunner> runners, @ForAll("jobs") List<PendingJob> jobs, @ForAll long seed) {
    Plan first = Planner.plan(policy, runners, jobs, null, NOW);
    Plan again = Planner.plan(policy, runners, jobs, null, NOW);
    List<ObservedRunner> shuffledRunners = new ArrayList<>(runners);
    List<PendingJob> shuffledJobs = new ArrayList<>(jobs);
    Collections.shuffle(shuffledRunners, new Random(seed));
    Collections.shuffle(shuffledJobs, new Random(seed));

    assertThat(again).isEqualTo(first);
    assertThat(Planner.plan(policy, shuffledRunners, shuffledJobs, null, NOW)).isEqualTo(first);
  }

  @Property
  void countsAddUpToTheRunnersThatExist(@ForAll("policies") PoolPolicy policy,
      @ForAll("runners") List<ObservedRunner> runners, @ForAll("jobs") List<PendingJob> jobs) {
    Plan plan = Planner.plan(policy, runners, jobs, null, NOW);

    PoolCounts counts = plan.counts();
    assertThat(counts.runners()).isEqualTo(runners.size() + plan.create());
    assertThat(counts.idle() + counts.busy() + counts.booting()).isLessThanOrEqualTo(counts.runners());
    assertThat(plan.deletions()).extracting(Deletion::runnerName).doesNotHaveDuplicates();
  }

  /** A runner the planner counts as able to take a job soon: idle or starting, not busy, not going away. */
  private static boolean availableForAJob(ObservedRunner runner, PoolPolicy policy) {
    if (runner.deleting() || runner.busy()) {
      return false;
    }
    if (runner.phase() == RunnerPhase.IDLE) {
      return true;
    }
    boolean timedOut = runner.launchedAt() != null && !runner.registered()
        && !NOW.isBefore(runner.launchedAt().plus(policy.bootTimeout()));
    return runner.phase().isStarting() && !timedOut;
  }

  @Provide
  Arbitrary<PoolPolicy> policies() {
    Arbitrary<Integer> max = Arbitraries.integers().between(0, 30);
    Arbitrary<Integer> percent = Arbitraries.integers().between(0, 100);
    Arbitrary<Duration> shortDuration = Arbitraries.integers().between(0, 600).map(Duration::ofSeconds);
    Arbitrary<Duration> bootTimeout = Arbitraries.integers().between(60, 900).map(Duration::ofSeconds);
    return Combinators.combine(max, percent, percent, shortDuration, shortDuration, shortDuration, bootTimeout)
        .as((m, idlePct, floorPct, delay, minRun, idleTimeout, boot) -> new PoolPolicy(m, m * idlePct / 100,
            m * floorPct / 200, List.of(), Duration.ofSeconds(delay.toSeconds() % 60), minRun, idleTimeout, boot));
  }

  @Provide
  Arbitrary<List<ObservedRunner>> runners() {
    return runner().list().ofMaxSize(40).uniqueElements(ObservedRunner::name);
  }

  private Arbitrary<ObservedRunner> runner() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').ofLength(5).map(s -> "pool-" + s);
    Arbitrary<RunnerPhase> phase = Arbitraries.of(RunnerPhase.class);
    Arbitrary<Integer> age = Arbitraries.integers().between(0, 3 * 3600);
    Arbitrary<Integer> launchDelay = Arbitraries.integers().between(-1, 120);
    Arbitrary<Integer> idleFor = Arbitraries.integers().between(-1, 3 * 3600);
    Arbitrary<Integer> observedAgo = Arbitraries.integers().between(-1, 60);
    Arbitrary<Integer> registeredAndBusy = Arbitraries.integers().between(0, 3);
    Arbitrary<Boolean> rare = Arbitraries.integers().between(0, 9).map(i -> i == 0);
    return Combinators.combine(name, phase, age, launchDelay, idleFor, observedAgo, registeredAndBusy, rare)
        .as((n, p, ageSeconds, launch, idle, observed, flags, deleting) -> {
          Instant created = NOW.minusSeconds(ageSeconds);
          Instant launched = launch < 0 ? null : created.plusSeconds(launch);
          Instant idleSince = idle < 0 ? null : NOW.minusSeconds(Math.min(idle, ageSeconds));
          Instant observedAt = observed < 0 ? null : NOW.minusSeconds(observed);
          boolean busy = (flags & 2) != 0 && p != RunnerPhase.PENDING;
          return new ObservedRunner(n, p, created, launched, (flags & 1) != 0, busy, idleSince, observedAt,
              deleting, null);
        });
  }

  @Provide
  Arbitrary<List<PendingJob>> jobs() {
    return Arbitraries.integers().between(0, 600)
        .map(age -> new PendingJob("job-queued-" + age + "s-ago", NOW.minusSeconds(age)))
        .list().ofMaxSize(40);
  }

  @Property
  void idleTargetAloneFillsAnEmptyPoolUpToTheCap(@ForAll @IntRange(min = 0, max = 50) int max,
      @ForAll @IntRange(min = 0, max = 50) int minIdle) {
    PoolPolicy policy = new PoolPolicy(max, minIdle, 0, List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO,
        Duration.ofMinutes(10));

    assertThat(Planner.plan(policy, List.of(), List.of(), null, NOW).create()).isEqualTo(Math.min(max, minIdle));
  }
}
