package dev.ec2runner.operator.runner;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.ProcessKill.At;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator killed at each step of a scale-up and a scale-down, then a fresh operator started against the same
 * API server, cloud and GitHub: no Runner ever gets a second instance, nothing leaks, and the job is still served.
 */
class CrashRecoveryIT {

  private static final String POOL = "gpu";

  /** Every instance id the cloud handed out per idempotency token (Runner UID), over all operator processes. */
  private final Map<String, Set<String>> instancesByToken = new ConcurrentHashMap<>();
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().withoutOperator()
      .fault(new CallGate.Rule() {
        @Override
        public void after(CallGate.Call call, Object result) {
          if (call.is("RunnerCloud.launch")) {
            instancesByToken.computeIfAbsent(call.<LaunchRequest>arg(0).idempotencyToken(),
                token -> ConcurrentHashMap.newKeySet()).add(((LaunchedInstance) result).instanceId());
          }
        }
      }));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  /**
   * Each step, and whether the fresh operator carries on with the same Runner. Killed between recording the
   * registration and handing its configuration over, the fresh operator cannot tell whether the instance got it
   * (it reads one configuration only, so a second one would never be read): it assumes it did, and the Runner,
   * never coming online, is replaced after its boot timeout.
   */
  static Stream<Arguments> scaleUpSteps() {
    return Stream.of(
        Arguments.of(At.before("RunnerCloud.launch"), true),                // the Runner exists, nothing launched
        Arguments.of(At.after("RunnerCloud.launch"), true),                 // launched, the instance id not recorded
        Arguments.of(At.before("GitHubRunners.createJitConfig"), true),     // the instance recorded, not registered
        Arguments.of(At.after("GitHubRunners.createJitConfig"), true),      // registered, the id not recorded
        Arguments.of(At.before("RunnerCloud.handOffRunnerConfig"), false),  // the id recorded, nothing handed over
        Arguments.of(At.after("RunnerCloud.handOffRunnerConfig"), true));   // handed over, not recorded as such
  }

  @ParameterizedTest(name = "killed {0}, same Runner carries on: {1}")
  @MethodSource("scaleUpSteps")
  void aKilledScaleUpResumesWithoutDuplicatesOrLeaks(At step, boolean sameRunner) throws Exception {
    world.startOperator().killAt(step);
    world.client().resource(pool(ns, POOL, 5)).create();
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    String where = world.awaitKilled();
    String first = world.runners(ns, POOL).get(0).getMetadata().getName();
    // The instance reads what it was handed before the new operator starts (it may, or may not, in real life).
    await().until(() -> world.cloud().storedRunnerConfigs().isEmpty());

    world.startOperator();
    if (!sameRunner) {
      await().untilAsserted(() -> assertThat(world.runners(ns, POOL)).as(where)
          .extracting(r -> r.getStatus() == null ? null : r.getStatus().getPhase()).containsExactly("Booting"));
      assertThat(world.cloud().storedRunnerConfigs()).as("no second configuration is handed over").isEmpty();
      world.clock().advance(Duration.ofMinutes(6));
    }
    Runner runner = await().until(() -> onlyRunner("Idle"), Objects::nonNull);
    assertThat(runner.getMetadata().getName().equals(first)).as(where + ": the same Runner").isEqualTo(sameRunner);
    assertNoLeaks(where, 1);
    assertThat(instancesByToken).as(where + ": Runners launched").hasSize(sameRunner ? 1 : 2);
    serveAndFinish(runner);
    assertDrained(where);
  }

  static Stream<At> scaleDownSteps() {
    return Stream.of(
        At.before("GitHubRunners.deleteRunner"),         // the Runner deleted, nothing removed yet
        At.after("GitHubRunners.deleteRunner"),          // deregistered, the instance still running
        At.after("RunnerCloud.deleteRunnerConfig"),      // about to terminate
        At.after("RunnerCloud.terminate"));              // terminated, the finalizer still on the Runner
  }

  @ParameterizedTest(name = "killed {0}")
  @MethodSource("scaleDownSteps")
  void aKilledScaleDownFinishesWithoutLeaks(At step) throws Exception {
    world.startOperator();
    world.client().resource(pool(ns, POOL, 5)).create();
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    Runner runner = await().until(() -> onlyRunner("Idle"), Objects::nonNull);

    // The job is cancelled before it starts: its runner becomes surplus and goes after the idle timeout.
    world.killAt(step);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("cancelled");
      return j;
    });
    world.clock().advance(Duration.ofMinutes(2));
    String where = world.awaitKilled();
    assertThat(world.runners(ns, POOL)).as(where + ": the Runner waits for its cleanup").hasSize(1);

    world.startOperator();
    await().untilAsserted(() -> assertThat(world.runners(ns, POOL)).as(where).isEmpty());
    assertThat(world.cloud().instanceOfRunner(runner.getMetadata().getName())).get()
        .satisfies(i -> assertThat(i.state().isGone()).as(where).isTrue());
    assertDrained(where);
  }

  /** Plays the job on the runner: it starts, finishes, and the ephemeral runner and its instance go away. */
  private void serveAndFinish(Runner runner) {
    String name = runner.getMetadata().getName();
    world.gitHub().setBusy(name, true);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(name);
      return j;
    });
    await().until(() -> onlyRunner("Busy"), Objects::nonNull);
    // The job runs for a while (the clock only moves by hand).
    world.clock().advance(Duration.ofMinutes(3));
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("success");
      return j;
    });
    world.gitHub().removeRunner(name);
    world.cloud().shutDownFromInside(runner.getStatus().getInstanceId());
    await().untilAsserted(() -> assertThat(world.runners(ns, POOL)).isEmpty());
  }

  /** While the job is being served: one instance, one registration, one Runner; nothing else. */
  private void assertNoLeaks(String where, int runners) {
    await().untilAsserted(() -> {
      List<Runner> current = world.runners(ns, POOL);
      assertThat(current).as(where).hasSize(runners);
      assertThat(world.cloud().running()).as(where + ": instances").hasSize(runners);
      assertThat(world.gitHub().registrations()).as(where + ": registrations").hasSize(runners);
      assertThat(world.cloud().storedRunnerConfigs()).as(where + ": unconsumed configs").isEmpty();
    });
    assertOneInstancePerRunner(where);
  }

  private void assertDrained(String where) {
    await().untilAsserted(() -> {
      assertThat(world.cloud().running()).as(where + ": instances").isEmpty();
      assertThat(world.gitHub().registrations()).as(where + ": registrations").isEmpty();
      assertThat(world.cloud().storedRunnerConfigs()).as(where + ": unconsumed configs").isEmpty();
    });
    assertOneInstancePerRunner(where);
    assertThat(world.jobs(ns)).singleElement().satisfies(j -> assertThat(j.getSpec().getState()).isEqualTo("completed"));
  }

  private void assertOneInstancePerRunner(String where) {
    assertThat(instancesByToken).as(where + ": launches").isNotEmpty();
    instancesByToken.forEach((token, instances) ->
        assertThat(instances).as(where + ": instances launched for Runner " + token).hasSize(1));
  }

  private Runner onlyRunner(String phase) {
    List<Runner> runners = world.runners(ns, POOL);
    return runners.size() == 1 && runners.get(0).getStatus() != null
        && phase.equals(runners.get(0).getStatus().getPhase()) ? runners.get(0) : null;
  }
}
