package dev.ec2runner.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.github.GitHubRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerPhaseTrackerTest {

  private static final Instant LAUNCHED = Instant.parse("2025-06-02T10:00:00Z");
  private static final Instant NOW = LAUNCHED.plusSeconds(120);
  private final RunnerPhaseTracker tracker = new RunnerPhaseTracker(Duration.ofSeconds(60), Duration.ofSeconds(30));

  @Test
  void anOnlineRunnerBecomesIdleAndRemembersWhenItWasFirstSeenIdle() {
    RunnerStatus status = booting();

    assertThat(tracker.track(status, view(instance(InstanceState.RUNNING), registration(true, false), null, false),
        true, NOW)).isEmpty();

    assertThat(status.getPhase()).isEqualTo("Idle");
    assertThat(status.getRegisteredAt()).isEqualTo(NOW.toString());
    assertThat(status.getIdleSince()).isEqualTo(NOW.minusSeconds(5).toString());
    String firstSeen = status.getIdleSince();
    tracker.track(status, view(instance(InstanceState.RUNNING), registration(true, false), null, false), true,
        NOW.plusSeconds(30));
    assertThat(status.getIdleSince()).isEqualTo(firstSeen);
  }

  @Test
  void aJobNamingTheRunnerMakesItBusyBeforeGitHubsFlagDoes() {
    RunnerStatus status = booting();
    WorkflowJob job = new WorkflowJob();
    job.setSpec(new WorkflowJobSpec().withRepository("acme/app").withJobId(7L).withRunId(70L).withName("build")
        .withState("in_progress"));

    tracker.track(status, view(instance(InstanceState.RUNNING), registration(true, false), job, false), true, NOW);

    assertThat(status.getPhase()).isEqualTo("Busy");
    assertThat(status.getJob().getJobId()).isEqualTo(7L);
    assertThat(status.getIdleSince()).isNull();
    assertThat(status.getLastBusyAt()).isEqualTo(NOW.toString());
  }

  @Test
  void aVanishedInstanceFailsTheRunnerOnlyAfterTheVisibilityGrace() {
    RunnerStatus early = booting();
    assertThat(tracker.track(early, new RunnerPhaseTracker.View(Optional.empty(), LAUNCHED.plusSeconds(30),
        Optional.empty(), null, Optional.empty(), false, false), true, NOW)).isEmpty();
    assertThat(early.getPhase()).isEqualTo("Booting");

    RunnerStatus late = booting();
    assertThat(tracker.track(late, new RunnerPhaseTracker.View(Optional.empty(), LAUNCHED.plusSeconds(90),
        Optional.empty(), null, Optional.empty(), false, false), true, NOW))
        .contains(RunnerPhaseTracker.Loss.INSTANCE_LOST);
    assertThat(late.getPhase()).isEqualTo("Failed");
    assertThat(late.getMessage()).contains("i-0abc").contains("spot interruption");
  }

  @Test
  void anEphemeralRunnerWhoseJobCompletedIsTerminatingNotFailed() {
    RunnerStatus status = booting();
    status.setPhase("Busy");
    status.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());

    assertThat(tracker.track(status, view(instance(InstanceState.SHUTTING_DOWN), Optional.empty(), null, true),
        true, NOW)).isEmpty();

    assertThat(status.getPhase()).isEqualTo("Terminating");
  }

  @Test
  void theCompletionWebhookEndsAnEphemeralRunnerThatTheLastListingShowedBusy() {
    RunnerStatus status = booting();
    status.setPhase("Busy");
    status.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());

    // Listed busy and running before the job ended; the job's completion came after that listing.
    assertThat(tracker.track(status, view(instance(InstanceState.RUNNING), registration(true, true), null, true),
        true, NOW)).isEmpty();
    assertThat(status.getPhase()).isEqualTo("Terminating");

    RunnerStatus failed = booting();
    failed.setPhase("Busy");
    tracker.track(failed, new RunnerPhaseTracker.View(instance(InstanceState.RUNNING), NOW.minusSeconds(5),
        registration(true, true), NOW.minusSeconds(5), Optional.empty(), true, false), true, NOW);
    assertThat(failed.getPhase()).as("a failed job may have died with its instance: the observation tells")
        .isEqualTo("Busy");

    RunnerStatus reused = booting();
    reused.setPhase("Busy");
    tracker.track(reused, view(instance(InstanceState.RUNNING), registration(true, true), null, true), false, NOW);
    assertThat(reused.getPhase()).as("a reused runner goes back to work").isEqualTo("Busy");
  }

  @Test
  void aFailedJobWaitsForAnInstanceListingOfTheSameRoundBeforeTheRunnerCountsAsFinished() {
    // The job failed and GitHub lists the runner offline, but the instance listing of that round failed: the last
    // one (40 s older) still shows the instance running, from before it was reclaimed.
    RunnerStatus status = booting();
    status.setPhase("Busy");
    status.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());
    Instant registrationsListed = NOW.minusSeconds(5);
    assertThat(tracker.track(status, new RunnerPhaseTracker.View(instance(InstanceState.RUNNING),
        registrationsListed.minusSeconds(40), registration(false, false), registrationsListed, Optional.empty(),
        true, false), true, NOW)).isEmpty();
    assertThat(status.getPhase()).isEqualTo("Busy");
    assertThat(status.getMessage()).contains("waiting for an instance listing");

    // The next round's listing says EC2 ended it: a loss, whose job the pool reruns.
    assertThat(tracker.track(status, new RunnerPhaseTracker.View(reclaimed(InstanceState.TERMINATED),
        NOW.plusSeconds(25), registration(false, false), NOW.plusSeconds(26), Optional.empty(), true, false), true,
        NOW.plusSeconds(30))).contains(RunnerPhaseTracker.Loss.INSTANCE_LOST);
    assertThat(status.getPhase()).isEqualTo("Failed");

    // Listed in the same round and still running: the runner process ended and the instance powers off.
    RunnerStatus finished = booting();
    finished.setPhase("Busy");
    finished.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());
    tracker.track(finished, new RunnerPhaseTracker.View(instance(InstanceState.RUNNING),
        registrationsListed.minusSeconds(1), registration(false, false), registrationsListed, Optional.empty(), true,
        false), true, NOW);
    assertThat(finished.getPhase()).isEqualTo("Terminating");
  }

  @Test
  void aBusyRunnerWhoseInstanceDiesIsLostEvenWhenEphemeral() {
    RunnerStatus reclaimed = booting();
    reclaimed.setPhase("Busy");
    reclaimed.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());
    assertThat(tracker.track(reclaimed, view(reclaimed(InstanceState.TERMINATED), registration(false, true), null,
        false), true, NOW)).contains(RunnerPhaseTracker.Loss.INSTANCE_LOST);

    // Vanished from the listing altogether while GitHub shows it busy: nothing says it ended well.
    RunnerStatus vanished = booting();
    vanished.setPhase("Busy");
    vanished.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());
    assertThat(tracker.track(vanished, view(Optional.empty(), registration(false, true), null, false), true, NOW))
        .contains(RunnerPhaseTracker.Loss.INSTANCE_LOST);
  }

  @Test
  void anEphemeralInstanceThatPoweredItselfOffFinishedItsJobEvenIfTheCompletionWebhookWasLost() {
    RunnerStatus status = booting();
    status.setPhase("Busy");
    status.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());
    WorkflowJob stillShownRunning = new WorkflowJob();
    stillShownRunning.setSpec(new WorkflowJobSpec().withRepository("acme/app").withJobId(7L).withName("build")
        .withState("in_progress"));

    assertThat(tracker.track(status, view(instance(InstanceState.SHUTTING_DOWN), registration(false, true),
        stillShownRunning, false), true, NOW)).isEmpty();
    assertThat(status.getPhase()).isEqualTo("Terminating");
  }

  @Test
  void anEphemeralRunnerGitHubDroppedBeforeItsInstanceVanishedFinishedItsJob() {
    RunnerStatus status = booting();
    status.setPhase("Idle");
    status.setRegisteredAt(LAUNCHED.plusSeconds(40).toString());

    // Listed registered once, then neither GitHub nor EC2 lists it: its one job ran between two observations.
    assertThat(tracker.track(status, view(Optional.empty(), Optional.empty(), null, false), true, NOW)).isEmpty();
    assertThat(status.getPhase()).isEqualTo("Terminating");

    RunnerStatus neverSeenRegistered = booting();
    assertThat(tracker.track(neverSeenRegistered, view(Optional.empty(), Optional.empty(), null, false), true, NOW))
        .as("an instance that vanished before its runner was ever seen is lost")
        .contains(RunnerPhaseTracker.Loss.INSTANCE_LOST);
  }

  @Test
  void anInstanceReclaimedByEc2IsALossEvenWhenTheJobsFailedCompletionCameFirst() {
    RunnerStatus status = booting();
    status.setPhase("Busy");
    status.setLastBusyAt(LAUNCHED.plusSeconds(60).toString());
    assertThat(tracker.track(status, view(reclaimed(InstanceState.SHUTTING_DOWN), registration(false, false), null,
        true), true, NOW))
        .contains(RunnerPhaseTracker.Loss.INSTANCE_LOST);
    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getMessage()).contains("i-0abc").contains("reclaimed by EC2");
  }

  @Test
  void terminalPhasesStayPut() {
    RunnerStatus status = booting();
    status.setPhase("Failed");

    tracker.track(status, view(instance(InstanceState.RUNNING), registration(true, false), null, false), true, NOW);

    assertThat(status.getPhase()).isEqualTo("Failed");
  }

  private static RunnerStatus booting() {
    return new RunnerStatus().withPhase("Booting").withInstanceId("i-0abc").withLaunchedAt(LAUNCHED.toString())
        .withGithubRunnerId(42L).withGithubRunnerName("gpu-abcde");
  }

  private static Optional<CloudInstance> instance(InstanceState state) {
    return Optional.of(new CloudInstance("i-0abc", "ci", "gpu", "gpu-abcde", "uid", state, "m7i.large",
        CapacityType.SPOT, "eu-west-1a", "10.0.0.1", LAUNCHED));
  }

  private static Optional<CloudInstance> reclaimed(InstanceState state) {
    CloudInstance i = instance(state).orElseThrow();
    return Optional.of(new CloudInstance(i.instanceId(), i.namespace(), i.pool(), i.runnerName(), i.runnerUid(),
        i.state(), i.instanceType(), i.capacityType(), i.availabilityZone(), i.privateIp(), i.launchTime(), true));
  }

  private static Optional<GitHubRunner> registration(boolean online, boolean busy) {
    return Optional.of(new GitHubRunner(42, "gpu-abcde", online, busy, List.of("gpu")));
  }

  private static RunnerPhaseTracker.View view(Optional<CloudInstance> instance, Optional<GitHubRunner> registration,
      WorkflowJob running, boolean completed) {
    return new RunnerPhaseTracker.View(instance, NOW.minusSeconds(5), registration, NOW.minusSeconds(5),
        Optional.ofNullable(running), completed, completed);
  }
}
