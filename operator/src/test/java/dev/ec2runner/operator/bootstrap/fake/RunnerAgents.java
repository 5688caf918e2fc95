package dev.ec2runner.operator.bootstrap.fake;

import dev.ec2runner.api.JobState;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.SimulatedJob;
import dev.ec2runner.operator.github.fake.SimulatedRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the bootstrap script and the runner on every instance of the fake cloud, against the GitHub model.
 * Each {@link #tick()}, for each running instance: wait for its runner configuration in SSM (taking and deleting it;
 * powering off when none comes within the wait), start the runner (JIT, or {@code config.sh} registration; powering
 * off when GitHub refuses it) and, when the runners {@linkplain AgentSettings#runsJobs() run jobs}, take a queued job
 * it can serve, run it for its planned time, complete it and, when ephemeral, power off. An instance that vanishes
 * takes its runner offline and kills its job, as on GitHub; a runner that runs jobs and whose registration is deleted
 * exits and powers off. The simulator's world and the operator tests' world both run them.
 */
public final class RunnerAgents {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerAgents.class);

  private final FakeRunnerCloud cloud;
  private final SimulatedGitHub github;
  private final Clock clock;
  private final JobRuntimes runtimes;
  private final AgentSettings settings;
  private final Map<String, RunnerAgent> agents = new LinkedHashMap<>();
  private final Map<Long, JobRun> runs = new LinkedHashMap<>();

  public RunnerAgents(FakeRunnerCloud cloud, SimulatedGitHub github, Clock clock, JobRuntimes runtimes,
      AgentSettings settings) {
    this.cloud = cloud;
    this.github = github;
    this.clock = clock;
    this.runtimes = runtimes;
    this.settings = settings;
  }

  public AgentSettings settings() {
    return settings;
  }

  /** One step of every agent; call it every {@link AgentSettings#tick()}. */
  public synchronized void tick() {
    Instant now = clock.instant();
    TickView view = new TickView(github);
    for (CloudInstance instance : cloud.allInstances()) {
      RunnerAgent agent = agents.get(instance.instanceId());
      if (agent == null) {
        if (instance.state() == InstanceState.RUNNING) {
          agent = new RunnerAgent(instance, now, settings);
          agents.put(instance.instanceId(), agent);
        } else {
          continue;
        }
      }
      if (agent.phase == RunnerAgent.Phase.DONE) {
        continue;
      }
      if (instance.state().isGone()) {
        vanish(agent, now);
      } else {
        step(agent, now, view);
      }
    }
  }

  /** Every job a runner took, by GitHub job id. */
  public synchronized List<JobRun> jobRuns() {
    return List.copyOf(runs.values());
  }

  /** Time each instance spent running jobs, by instance id. */
  public synchronized Map<String, Duration> busyTime() {
    Instant now = clock.instant();
    Map<String, Duration> busy = new LinkedHashMap<>();
    agents.forEach((id, agent) -> busy.put(id, agent.busyTime(now)));
    return busy;
  }

  /** When the runner of each instance came online (registered and listening for jobs), by instance id. */
  public synchronized Map<String, Instant> onlineTimes() {
    Map<String, Instant> online = new LinkedHashMap<>();
    agents.forEach((id, agent) -> {
      if (agent.onlineAt != null) {
        online.put(id, agent.onlineAt);
      }
    });
    return online;
  }

  /** Why each finished agent powered its instance off (or lost it), by instance id. */
  public synchronized Map<String, String> exitReasons() {
    Map<String, String> reasons = new LinkedHashMap<>();
    agents.forEach((id, agent) -> {
      if (agent.exitReason != null) {
        reasons.put(id, agent.exitReason);
      }
    });
    return reasons;
  }

  private void step(RunnerAgent agent, Instant now, TickView view) {
    switch (agent.phase) {
      case WAITING_FOR_CONFIG -> waitForConfig(agent, now);
      case IDLE -> {
        if (!settings.runsJobs()) {
          return;
        }
        if (!view.registered(agent)) {
          powerOff(agent, "registration removed; the runner exited");
        } else {
          takeJob(agent, now, view);
        }
      }
      case BUSY -> {
        if (!view.registered(agent)) {
          endJob(agent, now, true);
          powerOff(agent, "registration removed while running a job; the runner exited");
        } else if (!now.isBefore(agent.jobEnds)) {
          finishJob(agent, now);
        }
      }
      case DONE -> { }
    }
  }

  private void waitForConfig(RunnerAgent agent, Instant now) {
    if (now.isBefore(agent.nextConfigPoll)) {
      return;
    }
    CloudInstance instance = agent.instance;
    Optional<Sensitive> config = cloud.takeRunnerConfig(instance.namespace(), instance.pool(),
        instance.instanceId());
    if (config.isPresent()) {
      startRunner(agent, config.get(), now);
    } else if (agent.gaveUpOnConfig(now)) {
      powerOff(agent, "no runner configuration after " + settings.configWait().toSeconds() + "s");
    } else {
      agent.nextConfigPoll = now.plus(settings.configPoll());
    }
  }

  private void startRunner(RunnerAgent agent, Sensitive config, Instant now) {
    try {
      RunnerConfigText text = RunnerConfigText.parse(config.reveal());
      if (text instanceof RunnerConfigText.Jit jit) {
        SimulatedRunner runner = github.startRunner(jit.encoded());
        agent.online(runner.name(), runner.scope(), runner.labels(), runner.ephemeral(), now);
      } else if (text instanceof RunnerConfigText.Registration registration) {
        SimulatedRunner runner = github.registerRunner(registration.scope(), registration.name(),
            registration.labels(), registration.ephemeral());
        github.connectRunner(runner.name());
        agent.online(runner.name(), runner.scope(), runner.labels(), runner.ephemeral(), now);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The message never carries the configuration itself.
      powerOff(agent, "the runner could not start: " + e.getMessage());
    }
  }

  private void takeJob(RunnerAgent agent, Instant now, TickView view) {
    List<SimulatedJob> candidates = view.queued().stream().filter(job -> agent.satisfies(job.labels())).toList();
    if (candidates.isEmpty()) {
      return;
    }
    Optional<Long> jobId;
    try {
      jobId = github.assignJob(agent.runnerName);
    } catch (IllegalStateException registrationGone) {
      powerOff(agent, "registration removed; the runner exited");
      return;
    }
    jobId.ifPresent(id -> {
      SimulatedJob job = github.job(id).orElseThrow();
      view.taken(id);
      Duration runtime = runtimes.runtimeOf(job).orElse(settings.defaultJobRuntime());
      agent.startJob(id, now, runtime);
      runs.put(id, new JobRun(id, agent.runnerName, agent.instance.instanceId(), now, null, false));
    });
  }

  private void finishJob(RunnerAgent agent, Instant now) {
    long jobId = agent.jobId;
    boolean stillOurs = github.job(jobId).map(job -> JobState.IN_PROGRESS.is(job.status())
        && agent.runnerName.equals(job.runnerName())).orElse(false);
    if (!stillOurs) {
      endJob(agent, now, true);
      return;
    }
    github.completeJob(jobId, "success");
    endJob(agent, now, false);
    if (agent.ephemeral) {
      powerOff(agent, "ephemeral runner finished its job");
    }
  }

  private void endJob(RunnerAgent agent, Instant now, boolean killed) {
    long jobId = agent.endJob(now);
    JobRun run = runs.get(jobId);
    runs.put(jobId, new JobRun(jobId, run.runnerName(), run.instanceId(), run.startedAt(), now, killed));
  }

  /** The instance shut down under the runner (terminated, interrupted): it drops offline mid-whatever. */
  private void vanish(RunnerAgent agent, Instant now) {
    boolean busy = agent.phase == RunnerAgent.Phase.BUSY;
    if (agent.runnerName != null && github.findRunner(agent.runnerName).isPresent()) {
      github.disconnectRunner(agent.runnerName);
    }
    if (busy) {
      endJob(agent, now, true);
    }
    agent.done(busy ? "instance went away while running a job" : "instance went away");
    LOG.debug("instance {} went away ({})", agent.instance.instanceId(), agent.exitReason);
  }

  private void powerOff(RunnerAgent agent, String reason) {
    agent.done(reason);
    cloud.shutDownFromInside(agent.instance.instanceId());
    LOG.debug("instance {} powers off: {}", agent.instance.instanceId(), reason);
  }
}
