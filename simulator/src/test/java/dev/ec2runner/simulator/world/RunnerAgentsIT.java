package dev.ec2runner.simulator.world;

import static dev.ec2runner.simulator.world.AgentFixture.ORG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.fake.AgentSettings;
import dev.ec2runner.operator.bootstrap.fake.RunnerConfigText;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.fake.SimulatedJob;
import dev.ec2runner.operator.github.fake.SimulatedRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Simulated runner agents on instances launched through the simulated cloud, with JIT configs from the adapter. */
class RunnerAgentsIT {

  private AgentFixture world;

  @BeforeEach
  void start() throws Exception {
    world = new AgentFixture(AgentSettings.defaults().withConfigWait(Duration.ofMinutes(2)));
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void anEphemeralRunnerTakesItsConfigRunsOneJobAndTerminatesItsInstance() throws Exception {
    long jobId = world.queue(Duration.ofMinutes(5));
    String instanceId = world.launch("linux-abcde");
    world.handOffJit(instanceId, "linux-abcde");

    world.advance(Duration.ofSeconds(10));
    assertThat(state(instanceId)).isEqualTo(InstanceState.PENDING);
    assertThat(world.cloud.storedRunnerConfigs()).containsExactly(new RunnerConfigKey("ci", "linux", instanceId));
    assertThat(runner("linux-abcde").online()).isFalse();

    world.advance(Duration.ofSeconds(25));
    assertThat(world.cloud.storedRunnerConfigs()).isEmpty();
    assertThat(runner("linux-abcde").online()).isTrue();
    assertThat(job(jobId).status()).isEqualTo("in_progress");
    assertThat(job(jobId).runnerName()).isEqualTo("linux-abcde");

    world.advance(Duration.ofMinutes(5));
    assertThat(job(jobId).status()).isEqualTo("completed");
    assertThat(job(jobId).conclusion()).isEqualTo("success");
    assertThat(world.github.findRunner("linux-abcde")).isEmpty();
    assertThat(state(instanceId).isGone()).isTrue();
    world.advance(Duration.ofSeconds(15));
    assertThat(state(instanceId)).isEqualTo(InstanceState.TERMINATED);

    assertThat(world.agents.jobRuns()).singleElement().satisfies(run -> {
      assertThat(run.jobId()).isEqualTo(jobId);
      assertThat(run.instanceId()).isEqualTo(instanceId);
      assertThat(run.killed()).isFalse();
      assertThat(Duration.between(run.startedAt(), run.endedAt())).isEqualTo(Duration.ofMinutes(5));
    });
    assertThat(world.agents.busyTime()).containsEntry(instanceId, Duration.ofMinutes(5));
    assertThat(world.agents.exitReasons().get(instanceId)).contains("finished its job");
  }

  @Test
  void aSpotInterruptionOfABusyInstanceKillsItsJobAndLeavesAnOfflineRegistration() throws Exception {
    long jobId = world.queue(Duration.ofMinutes(10));
    String instanceId = world.launch("linux-fghij");
    world.handOffJit(instanceId, "linux-fghij");
    world.advance(Duration.ofSeconds(40));
    assertThat(job(jobId).status()).isEqualTo("in_progress");

    assertThat(world.cloud.reclaim(instanceId)).isTrue();
    world.advance(Duration.ofSeconds(1));

    assertThat(job(jobId).status()).isEqualTo("completed");
    assertThat(job(jobId).conclusion()).isEqualTo("failure");
    assertThat(world.agents.jobRuns()).singleElement().satisfies(run -> assertThat(run.killed()).isTrue());
    SimulatedRunner ghost = runner("linux-fghij");
    assertThat(ghost.online()).isFalse();
    assertThat(ghost.busy()).isFalse();
    assertThat(world.agents.exitReasons().get(instanceId)).contains("while running a job");
  }

  @Test
  void withoutAConfigurationTheInstancePowersOffAfterTheWait() throws Exception {
    String instanceId = world.launch("linux-klmno");

    world.advance(Duration.ofSeconds(30).plus(Duration.ofMinutes(1)));
    assertThat(state(instanceId)).isEqualTo(InstanceState.RUNNING);
    world.advance(Duration.ofMinutes(1));

    assertThat(state(instanceId).isGone()).isTrue();
    assertThat(world.agents.exitReasons().get(instanceId)).isEqualTo("no runner configuration after 120s");
  }

  @Test
  void aRunnerWhoseRegistrationIsDeletedExitsAndPowersOff() throws Exception {
    String instanceId = world.launch("linux-pqrst");
    JitConfig jit = world.handOffJit(instanceId, "linux-pqrst");
    world.advance(Duration.ofSeconds(35));
    assertThat(runner("linux-pqrst").online()).isTrue();

    world.adapter.deleteRunner(ORG, jit.runnerId());
    world.advance(Duration.ofSeconds(1));

    assertThat(state(instanceId).isGone()).isTrue();
    assertThat(world.agents.exitReasons().get(instanceId)).contains("registration removed");
  }

  @Test
  void deletingARunnerThatGitHubStillReportsIdleKillsTheJobItJustTook() throws Exception {
    world.github.busyFlagLag(Duration.ofSeconds(30));
    long jobId = world.queue(Duration.ofMinutes(5));
    String instanceId = world.launch("linux-uvwxy");
    JitConfig jit = world.handOffJit(instanceId, "linux-uvwxy");
    world.advance(Duration.ofSeconds(35));
    assertThat(job(jobId).status()).isEqualTo("in_progress");

    world.adapter.deleteRunner(ORG, jit.runnerId());
    world.advance(Duration.ofSeconds(1));

    assertThat(world.github.killedJobs()).containsExactly(jobId);
    assertThat(world.agents.jobRuns()).singleElement().satisfies(run -> assertThat(run.killed()).isTrue());
    assertThat(state(instanceId).isGone()).isTrue();
  }

  @Test
  void aReusedRunnerRegisteredWithConfigShArgumentsServesJobsOneAfterAnother() throws Exception {
    long first = world.queue(Duration.ofMinutes(1));
    long second = world.queue(Duration.ofMinutes(1));
    String instanceId = world.launch("reused");
    String token = world.adapter.registrationToken(ORG).token().reveal();
    world.cloud.handOffRunnerConfig(new RunnerConfigKey("ci", "linux", instanceId),
        Sensitive.of(RunnerConfigText.registration(ORG, token, instanceId, AgentFixture.LABELS, false)));

    world.advance(Duration.ofMinutes(4));

    assertThat(List.of(job(first), job(second))).allSatisfy(job -> {
      assertThat(job.conclusion()).isEqualTo("success");
      assertThat(job.runnerName()).isEqualTo(instanceId);
    });
    assertThat(job(second).startedAt()).isAfterOrEqualTo(job(first).completedAt());
    assertThat(state(instanceId)).isEqualTo(InstanceState.RUNNING);
    assertThat(runner(instanceId).online()).isTrue();
    assertThat(runner(instanceId).ephemeral()).isFalse();
    assertThat(world.agents.busyTime()).containsEntry(instanceId, Duration.ofMinutes(2));
  }

  @Test
  void aJitConfigWhoseRegistrationWasDeletedCannotStartAndTheInstancePowersOff() throws Exception {
    String instanceId = world.launch("linux-zzzzz");
    JitConfig jit = world.handOffJit(instanceId, "linux-zzzzz");
    world.adapter.deleteRunner(ORG, jit.runnerId());

    world.advance(Duration.ofSeconds(31));

    assertThat(state(instanceId).isGone()).isTrue();
    assertThat(world.agents.exitReasons().get(instanceId)).contains("could not start")
        .doesNotContain(jit.encodedConfig().reveal());
  }

  @Test
  void runnersPlayedByTheTestWaitForTheirConfigurationForEverTakeNoJobAndOutliveTheirRegistration() throws Exception {
    world.close();
    world = new AgentFixture(AgentSettings.playedByTests());
    long jobId = world.queue(Duration.ofMinutes(1));
    String instanceId = world.launch("linux-hand1");
    world.advance(Duration.ofHours(1));
    assertThat(state(instanceId)).isEqualTo(InstanceState.RUNNING);

    JitConfig jit = world.handOffJit(instanceId, "linux-hand1");
    world.advance(AgentSettings.playedByTests().tick());
    assertThat(runner("linux-hand1").online()).isTrue();
    world.advance(Duration.ofMinutes(5));
    assertThat(job(jobId).status()).isEqualTo("queued");

    world.adapter.deleteRunner(ORG, jit.runnerId());
    world.advance(Duration.ofMinutes(1));
    assertThat(state(instanceId)).isEqualTo(InstanceState.RUNNING);
    assertThat(world.agents.exitReasons()).isEmpty();
  }

  private InstanceState state(String instanceId) {
    return world.cloud.allInstances().stream().filter(i -> i.instanceId().equals(instanceId))
        .map(CloudInstance::state).findFirst().orElseThrow();
  }

  private SimulatedRunner runner(String name) {
    return world.github.findRunner(name).orElseThrow(() -> new AssertionError("no runner " + name));
  }

  private SimulatedJob job(long id) {
    return world.github.job(id).orElseThrow();
  }
}
