package dev.ec2runner.operator.runner;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.faults.CallGate;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each lifecycle step called directly with fixed inputs: a Runner and its pool on the API server, the cloud and
 * GitHub fakes, one observation taken before the step. Nothing runs in the background.
 */
class RunnerStepsIT {

  private StepWorld world;
  private RunnerPool pool;

  @BeforeEach
  void setUp() {
    world = new StepWorld();
    pool = world.client.resource(pool(world.ns, "gpu", 5)).create();
  }

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void launchRecordsTheInstanceBeforeAnythingElse() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);

    Step step = world.run(List.of(launch()), runner, pool);

    assertThat(step.stopped()).isFalse();
    CloudInstance instance = world.cloud.instanceOfRunner(name(runner)).orElseThrow();
    Runner recorded = world.reread(runner);
    assertThat(recorded.getStatus().getInstanceId()).isEqualTo(instance.instanceId());
    assertThat(recorded.getStatus().getPhase()).isEqualTo("Launching");
    assertThat(recorded.getStatus().getRegion()).isEqualTo("eu-west-1");
    assertThat(condition(recorded, RunnerStatusWriter.LAUNCHED).getStatus()).isEqualTo("True");
    // Nothing is registered nor handed over before the instance id is on the Runner.
    assertThat(world.gitHub.registrations()).isEmpty();
    assertThat(world.cloud.storedRunnerConfigs()).isEmpty();
  }

  @Test
  void launchAdoptsTheInstanceFoundForTheRunnersUid() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    String earlier = world.cloud.addOrphanInstance(world.ns, "gpu", name(runner), runner.getMetadata().getUid());

    Step step = world.run(List.of(launch()), runner, pool);

    assertThat(step.stopped()).isFalse();
    assertThat(world.reread(runner).getStatus().getInstanceId()).isEqualTo(earlier);
    assertThat(world.cloud.launches()).isEmpty();
  }

  @Test
  void launchAdoptsNoInstanceThatOnlyCarriesTheRunnersUidTag() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    // Someone allowed to tag instances gave one of theirs this installation's tags and the Runner's UID.
    String handTagged = world.cloud.addTaggedInstance(InstallationId.DEFAULT.value(), world.ns, "gpu", name(runner),
        runner.getMetadata().getUid());

    Step step = world.run(List.of(launch()), runner, pool);

    assertThat(step.stopped()).isFalse();
    String recorded = world.reread(runner).getStatus().getInstanceId();
    assertThat(recorded).isNotNull().isNotEqualTo(handTagged);
    assertThat(world.cloud.launches()).hasSize(1);
    assertThat(events("UnmanagedInstanceIgnored")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(handTagged));
  }

  @Test
  void cleanupTerminatesNoInstanceThatOnlyCarriesTheRunnersUidTag() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    String handTagged = world.cloud.addTaggedInstance(InstallationId.DEFAULT.value(), world.ns, "gpu", name(runner),
        runner.getMetadata().getUid());

    // The Runner goes before it recorded an instance: the one tagged with its UID is all cleanup could find.
    Step removed = world.run(world.steps.cleanup(), runner, pool);

    assertThat(removed.stopped()).isFalse();
    assertThat(world.cloud.allInstances()).filteredOn(i -> i.instanceId().equals(handTagged)).singleElement()
        .satisfies(i -> assertThat(i.state().isGone()).isFalse());
    assertThat(world.cloud.calls()).doesNotContain("TerminateInstances");
  }

  @Test
  void aClosedLaunchGateWritesTheConditionAndRetries() {
    // No App Secret: an instance launched now could not be registered.
    Runner runner = world.newRunner(pool);

    Step step = world.run(List.of(launch()), runner, pool);

    assertThat(step.retryAfter()).isEqualTo(StepWorld.RECHECK);
    Condition launched = condition(world.reread(runner), RunnerStatusWriter.LAUNCHED);
    assertThat(launched.getStatus()).isEqualTo("False");
    assertThat(launched.getMessage()).startsWith("not launched: ");
    assertThat(world.cloud.launches()).isEmpty();
  }

  @Test
  void registerHandsTheJitConfigOverAndMovesToBooting() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);

    Step step = world.run(List.of(launch(), register()), runner, pool);

    assertThat(step.stopped()).isFalse();
    Runner booting = world.reread(runner);
    assertThat(booting.getStatus().getPhase()).isEqualTo("Booting");
    assertThat(booting.getStatus().getGithubRunnerId())
        .isEqualTo(world.gitHub.registration(name(runner)).orElseThrow().id());
    // The configuration the instance reads is the one GitHub made for this registration.
    assertThat(world.gitHub.startRunner(world.takeRunnerConfig(booting.getStatus().getInstanceId())
        .orElseThrow())).isTrue();
  }

  @Test
  void aFailedHandOffRetriesWithAFreshRegistration() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    world.run(List.of(launch()), runner, pool);
    AtomicBoolean refuse = new AtomicBoolean(true);
    world.cloudCalls.add(new CallGate.Rule() {
      @Override
      public void before(CallGate.Call call) throws CloudException {
        if (call.is("RunnerCloud.handOffRunnerConfig") && refuse.getAndSet(false)) {
          throw new CloudException("parameter store unavailable");
        }
      }
    });

    Step failed = world.run(List.of(register()), runner, pool);

    assertThat(failed.retryAfter()).isEqualTo(StepWorld.ERROR_RETRY);
    Runner afterFailure = world.reread(runner);
    long first = afterFailure.getStatus().getGithubRunnerId();
    assertThat(condition(afterFailure, RunnerStatusWriter.CONFIGURED).getReason()).isEqualTo("HandOffFailed");
    assertThat(afterFailure.getStatus().getPhase()).isEqualTo("Launching");

    Step retried = world.run(List.of(register()), runner, pool);

    assertThat(retried.stopped()).isFalse();
    Runner booting = world.reread(runner);
    assertThat(booting.getStatus().getPhase()).isEqualTo("Booting");
    assertThat(booting.getStatus().getGithubRunnerId()).isNotEqualTo(first);
    assertThat(world.gitHub.registrations()).extracting(r -> r.id()).containsExactly(
        booting.getStatus().getGithubRunnerId());
    assertThat(world.gitHub.jitRequests()).hasSize(2);
  }

  @Test
  void anotherInstallationsRunnerOfTheSameNameIsRemovedNeitherWhenRegisteringNorWhenCleaningUp() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    world.run(List.of(launch()), runner, pool);
    // Another installation sharing the organization registered a runner that happens to have this Runner's name.
    long theirs = world.gitHub.addForeignRegistration(PoolScope.of(pool.getSpec().getGithub()), name(runner), false,
        List.of("self-hosted", "linux", "x64", new InstallationId("staging").runnerLabel()));

    Step refused = world.run(List.of(register()), runner, pool);

    // GitHub refuses the same name a second time; the Runner is replaced after its boot timeout.
    assertThat(refused.retryAfter()).isEqualTo(StepWorld.RECHECK);
    assertThat(world.reread(runner).getStatus().getGithubRunnerId()).isNull();
    assertThat(world.gitHub.registrations()).extracting(r -> r.id()).containsExactly(theirs);

    Step removed = world.run(world.steps.cleanup(), runner, pool);

    assertThat(removed.stopped()).isFalse();
    assertThat(world.gitHub.registrations()).extracting(r -> r.id()).containsExactly(theirs);
    assertThat(world.cloud.instanceOfRunner(name(runner)).orElseThrow().state().isGone()).isTrue();
  }

  @Test
  void trackTurnsAReclaimedInstanceIntoFailedWithAnInstanceLostEvent() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    world.run(List.of(launch(), register()), runner, pool);
    String instanceId = world.reread(runner).getStatus().getInstanceId();
    world.cloud.reclaim(instanceId);

    Step step = world.run(List.of(track()), runner, pool);

    assertThat(step.stopped()).isFalse();
    Runner lost = world.reread(runner);
    assertThat(lost.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(lost.getStatus().getMessage()).contains(instanceId, "reclaimed by EC2");
    assertThat(events("InstanceLost")).singleElement()
        .satisfies(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo(name(runner)));
    assertThat(world.registry.find("ec2runner.runners.lost").tag("reason", "InstanceLost").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void cleanupDrainsWhileGitHubSaysBusyAndTerminatesOnlyAfterwards() {
    Runner runner = onlineRunner();
    world.gitHub.github().holdBusy(name(runner), true);

    Step draining = world.run(world.steps.cleanup(), runner, pool);

    assertThat(draining.retryAfter()).isEqualTo(StepWorld.RECHECK);
    assertThat(world.reread(runner).getStatus().getPhase()).isEqualTo("Draining");
    assertThat(events("Draining")).hasSize(1);
    assertThat(world.cloud.instanceOfRunner(name(runner)).orElseThrow().state().isGone()).isFalse();
    assertThat(world.cloud.calls()).noneMatch(c -> c.equals("TerminateInstances"));

    world.gitHub.github().holdBusy(name(runner), false);
    Step removed = world.run(world.steps.cleanup(), runner, pool);

    // Proceeding is what lets the reconciler remove the finalizer: only now are registration and instance gone.
    assertThat(removed.stopped()).isFalse();
    assertThat(world.gitHub.registration(name(runner))).isEmpty();
    assertThat(world.cloud.instanceOfRunner(name(runner)).orElseThrow().state().isGone()).isTrue();
    assertThat(world.reread(runner).getStatus().getPhase()).isEqualTo("Terminating");
  }

  @Test
  void cleanupDrainsWhileAnInProgressJobNamesTheRunnerThatGitHubStillListsIdle() {
    Runner runner = onlineRunner();
    // The job's in_progress webhook has arrived; GitHub's busy flag has not turned yet (the fake lists it idle).
    WorkflowJob job = queuedJob(world.ns, 7, world.clock.instant());
    job.getSpec().withState(JobState.IN_PROGRESS.wireName()).withRunnerName(name(runner))
        .withStartedAt(world.clock.instant().toString());
    world.client.resource(job).create();

    Step draining = world.run(world.steps.cleanup(), runner, pool);

    assertThat(draining.retryAfter()).isEqualTo(StepWorld.RECHECK);
    assertThat(world.reread(runner).getStatus().getPhase()).isEqualTo("Draining");
    assertThat(events("Draining")).hasSize(1);
    assertThat(world.gitHub.calls()).noneMatch(call -> call.startsWith("deleteRunner"));
    assertThat(world.gitHub.registration(name(runner))).isPresent();
    assertThat(world.cloud.instanceOfRunner(name(runner)).orElseThrow().state().isGone()).isFalse();

    // Its completion is lost: a listing taken once the flag had long caught up, still idle, is believed instead.
    world.clock.advance(DeregisterStep.BUSY_FLAG_CATCHES_UP.plusSeconds(1));
    Step removed = world.run(world.steps.cleanup(), runner, pool);

    assertThat(removed.stopped()).isFalse();
    assertThat(world.gitHub.registration(name(runner))).isEmpty();
    assertThat(world.cloud.instanceOfRunner(name(runner)).orElseThrow().state().isGone()).isTrue();
  }

  /** A Runner launched and registered, whose runner has come online on GitHub. */
  private Runner onlineRunner() {
    world.client.resource(appSecret(world.ns)).create();
    Runner runner = world.newRunner(pool);
    world.run(List.of(launch(), register()), runner, pool);
    String instanceId = world.reread(runner).getStatus().getInstanceId();
    world.gitHub.startRunner(world.takeRunnerConfig(instanceId).orElseThrow());
    return runner;
  }

  private RunnerStep launch() {
    return world.steps.reconcile().get(1);
  }

  private RunnerStep register() {
    return world.steps.reconcile().get(2);
  }

  private RunnerStep track() {
    return world.steps.reconcile().get(3);
  }

  private List<io.fabric8.kubernetes.api.model.Event> events(String reason) {
    return world.client.v1().events().inNamespace(world.ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  private static String name(Runner runner) {
    return runner.getMetadata().getName();
  }

  private static Condition condition(Runner runner, String type) {
    return runner.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow();
  }
}
