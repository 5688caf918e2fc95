package dev.ec2runner.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ec2runner.simulator.scenario.Scenario.Burst;
import dev.ec2runner.simulator.scenario.Scenario.WorkloadStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

  private static final WorkloadStream STEADY = new WorkloadStream("org/app", List.of("self-hosted"), 10,
      List.of(), Duration.ofMinutes(3), Duration.ofMinutes(12));

  @Test
  void theSameSeedGivesTheSameJobs() {
    assertThat(WorkloadGenerator.generate(List.of(STEADY), Duration.ofHours(1), 7))
        .isEqualTo(WorkloadGenerator.generate(List.of(STEADY), Duration.ofHours(1), 7))
        .isNotEqualTo(WorkloadGenerator.generate(List.of(STEADY), Duration.ofHours(1), 8));
  }

  @Test
  void arrivalsFollowTheRateAndStayInsideTheDuration() {
    List<PlannedJob> jobs = WorkloadGenerator.generate(List.of(STEADY), Duration.ofHours(10), 1);
    // 10 per minute for 600 minutes: 6,000 expected, standard deviation ~77.
    assertThat(jobs.size()).isBetween(5_600, 6_400);
    assertThat(jobs).allSatisfy(j -> assertThat(j.at()).isLessThan(Duration.ofHours(10)));
    assertThat(jobs).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
  }

  @Test
  void durationsFitTheMedianAndP95() {
    List<Long> seconds = WorkloadGenerator.generate(List.of(STEADY), Duration.ofHours(20), 3).stream()
        .map(j -> j.runtime().toSeconds()).sorted().toList();
    double median = seconds.get(seconds.size() / 2);
    double p95 = seconds.get((int) (seconds.size() * 0.95));
    assertThat(median).isCloseTo(180, within(15.0));
    assertThat(p95).isCloseTo(720, within(72.0));
  }

  @Test
  void burstsQueueAllTheirJobsAtOnce() {
    var bursty = new WorkloadStream("org/app", List.of("self-hosted"), 0,
        List.of(new Burst(Duration.ofMinutes(2), 200)), Duration.ofMinutes(1), Duration.ofMinutes(1));
    List<PlannedJob> jobs = WorkloadGenerator.generate(List.of(bursty), Duration.ofMinutes(10), 1);
    assertThat(jobs).hasSize(200).allSatisfy(j -> assertThat(j.at()).isEqualTo(Duration.ofMinutes(2)));
    assertThat(jobs).extracting(PlannedJob::sequence).doesNotHaveDuplicates();
  }
}
