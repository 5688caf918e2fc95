package dev.ec2runner.operator.bootstrap.fake;

import dev.ec2runner.operator.bootstrap.BootstrapSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How the runner agents behave.
 *
 * @param tick how often each agent looks at its instance, configuration, registration and job
 * @param configWait how long an instance waits for its runner configuration before powering off (as the bootstrap
 *     script does); {@link #FOREVER} never gives up
 * @param configPoll how often it looks for the configuration meanwhile; zero looks at every tick
 * @param defaultJobRuntime how long a job runs when the workload did not plan it (queued by a test, say)
 * @param runsJobs whether a runner, once online, lives on its own: takes queued jobs, runs them, and exits (powering
 *     its instance off) when ephemeral and done or when its registration is deleted. Without it the runner is the
 *     test's to play: it takes no job and stays up until the test or the operator ends it
 */
public record AgentSettings(Duration tick, Duration configWait, Duration configPoll, Duration defaultJobRuntime,
    boolean runsJobs) {

  /** A wait that never ends, whatever the clock does. */
  public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

  public AgentSettings {
    for (Duration d : new Duration[] {tick, configWait, defaultJobRuntime}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("agent durations must be positive");
      }
    }
    if (configPoll.isNegative()) {
      throw new IllegalArgumentException("the configuration poll must not be negative");
    }
  }

  /** A one-second tick, the bootstrap script's ten-minute configuration wait polled every 3 s, 60 s jobs. */
  public static AgentSettings defaults() {
    return new AgentSettings(Duration.ofSeconds(1), BootstrapSettings.DEFAULT_JIT_CONFIG_WAIT,
        BootstrapSettings.DEFAULT_JIT_CONFIG_POLL, Duration.ofSeconds(60), true);
  }

  /**
   * Agents for tests on a hand-moved clock that play jobs themselves: a 50 ms tick (of real time, as the test's
   * scheduler runs it), the configuration looked for at every tick and waited for for ever (a clock moved by hand
   * must not power instances off behind the test's back), and runners that take no job of their own.
   */
  public static AgentSettings playedByTests() {
    return new AgentSettings(Duration.ofMillis(50), FOREVER, Duration.ZERO, Duration.ofSeconds(60), false);
  }

  public AgentSettings withConfigWait(Duration wait) {
    return new AgentSettings(tick, wait, configPoll, defaultJobRuntime, runsJobs);
  }

  public AgentSettings withDefaultJobRuntime(Duration runtime) {
    return new AgentSettings(tick, configWait, configPoll, runtime, runsJobs);
  }
}
