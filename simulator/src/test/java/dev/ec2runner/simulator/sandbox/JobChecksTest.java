package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.bootstrap.fake.JobRun;
import dev.ec2runner.simulator.world.JobOutcome;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobChecksTest {

  private static final Instant T = Instant.parse("2025-01-06T09:00:00Z");

  @Test
  void aBusyInstanceThatWentAwayWithoutAnInterruptionWasTerminatedUnderItsJob() {
    List<JobRun> runs = List.of(
        new JobRun(1, "linux-aaaaa", "i-1", T, T.plusSeconds(60), false),
        new JobRun(2, "linux-bbbbb", "i-2", T, T.plusSeconds(30), true),
        new JobRun(3, "linux-ccccc", "i-3", T, T.plusSeconds(30), true),
        new JobRun(4, "linux-ddddd", "i-4", T, T.plusSeconds(30), true));

    List<String> violations = JobChecks.busyInstancesTerminated(runs, List.of("i-2"), List.of(4L));

    assertThat(violations).containsExactly(
        "job 3 was killed when its busy instance i-3 (runner linux-ccccc) was terminated");
  }

  @Test
  void theLatestAttemptOfAnUnservedJobLostWithAReclaimedInstanceAwaitsItsRerun() {
    JobOutcome rerunServed = outcome(1, List.of(100L, 110L), "linux-aaaaa", true);
    JobOutcome lostLatest = outcome(2, List.of(101L, 111L), "linux-bbbbb", false);
    JobOutcome lostEarlierRerunQueued = outcome(3, List.of(102L, 112L), null, false);
    JobOutcome killedByTermination = outcome(4, List.of(103L), "linux-ddddd", false);
    List<JobRun> runs = List.of(
        new JobRun(100, "linux-zzzzz", "i-100", T, T.plusSeconds(30), true),
        new JobRun(110, "linux-aaaaa", "i-110", T, T.plusSeconds(60), false),
        new JobRun(101, "linux-yyyyy", "i-101", T, T.plusSeconds(30), true),
        new JobRun(111, "linux-bbbbb", "i-111", T, T.plusSeconds(30), true),
        new JobRun(102, "linux-xxxxx", "i-102", T, T.plusSeconds(30), true),
        new JobRun(103, "linux-ddddd", "i-103", T, T.plusSeconds(30), true));

    List<Long> lost = JobChecks.lostLatestAttempts(
        List.of(rerunServed, lostLatest, lostEarlierRerunQueued, killedByTermination), runs,
        List.of("i-100", "i-101", "i-111", "i-102"));

    assertThat(lost).containsExactly(111L);
  }

  @Test
  void aFailedJobIsExplainedOnlyByAWarningThatNamesItOrItsRunner() {
    JobOutcome served = outcome(1, List.of(100L), "linux-aaaaa", true);
    JobOutcome interrupted = outcome(2, List.of(101L), "linux-bbbbb", false);
    JobOutcome launchedOnly = outcome(3, List.of(102L), "linux-ccccc", false);
    JobOutcome neverStarted = outcome(4, List.of(103L), null, false);
    List<Event> events = List.of(
        event("Normal", "Launched", "Runner", "linux-ccccc", "launched i-3"),
        event("Warning", "InstanceLost", "Runner", "linux-bbbbb", "instance i-2 is gone (spot interruption)"),
        event("Warning", "JobLost", "WorkflowJob", "job-103", "job 103 was never started"),
        event("Warning", "Unrelated", "Runner", "linux-zzzzz", "about job 1030 and runner linux-zzzzz only"));

    List<FailedJob> failed = JobChecks.failedJobs(List.of(served, interrupted, launchedOnly, neverStarted), events);

    assertThat(failed).extracting(FailedJob::sequence).containsExactly(2, 3, 4);
    assertThat(failed.get(0).explained()).isTrue();
    assertThat(failed.get(0).events()).extracting(FailedJob.Note::reason).containsExactly("InstanceLost");
    assertThat(failed.get(1).explained()).isFalse();
    assertThat(failed.get(1).events()).extracting(FailedJob.Note::reason).containsExactly("Launched");
    assertThat(failed.get(2).explained()).isTrue();
    assertThat(failed.get(2).events()).extracting(FailedJob.Note::reason).containsExactly("JobLost");
  }

  private static JobOutcome outcome(int sequence, List<Long> jobIds, String runner, boolean served) {
    return new JobOutcome(sequence, "acme/app", List.of("self-hosted"), jobIds, T, runner == null ? null : T,
        runner == null ? null : T.plusSeconds(60), runner, runner == null ? null : "i-" + sequence, served ? 0 : 1,
        served);
  }

  private static Event event(String type, String reason, String kind, String name, String message) {
    return new EventBuilder().withType(type).withReason(reason).withMessage(message)
        .withNewInvolvedObject().withKind(kind).withName(name).endInvolvedObject()
        .withFirstTimestamp(T.toString()).withLastTimestamp(T.toString()).build();
  }
}
