package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.bootstrap.BootstrapSettings;
import java.time.Duration;

/**
 * How the simulated runner agents behave.
 *
 * @param tick how often each agent looks at its instance, configuration, registration and job
 * @param configWait how long an instance waits for its runner configuration before powering off (as the bootstrap
 *     script does)
 * @param configPoll how often it looks for the configuration meanwhile
 * @param defaultJobRuntime how long a job runs when the workload did not plan it (queued by a test, say)
 */
public record AgentSettings(Duration tick, Duration configWait, Duration configPoll, Duration defaultJobRuntime) {

  public AgentSettings {
    for (Duration d : new Duration[] {tick, configWait, configPoll, defaultJobRuntime}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("agent durations must be positive");
      }
    }
  }

  /** A one-second tick, the bootstrap script's ten-minute configuration wait polled every 3 s, 60 s jobs. */
  public static AgentSettings defaults() {
    return new AgentSettings(Duration.ofSeconds(1), BootstrapSettings.DEFAULT_JIT_CONFIG_WAIT,
        BootstrapSettings.DEFAULT_JIT_CONFIG_POLL, Duration.ofSeconds(60));
  }

  public AgentSettings withConfigWait(Duration wait) {
    return new AgentSettings(tick, wait, configPoll, defaultJobRuntime);
  }

  public AgentSettings withDefaultJobRuntime(Duration runtime) {
    return new AgentSettings(tick, configWait, configPoll, runtime);
  }
}
