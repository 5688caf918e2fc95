package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.scenario.Scenario;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a scenario in the sandbox.
 *
 * @param speed simulated seconds per real second
 * @param strategy what scales the fleet; null for the scenario's own
 * @param kubernetes where the operator and the receiver find Kubernetes
 * @param observeInterval the operator's {@code OBSERVE_INTERVAL} in simulated time (shortened by the speed in real
 *     time)
 * @param refresh how often (real time) the live view is updated
 * @param view receives the live view; {@link LiveView#NONE} to show nothing
 * @param instrumentation wraps what the operator is given (benchmarks); {@link Instrumentation#NONE} otherwise
 */
public record SandboxOptions(double speed, Scenario.Strategy strategy, KubernetesTarget kubernetes,
    Duration observeInterval, Duration refresh, LiveView view, Instrumentation instrumentation) {

  public SandboxOptions {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, was " + speed);
    }
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(observeInterval, "observeInterval");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(instrumentation, "instrumentation");
  }

  /**
   * The scenario's strategy at this speed on an API server of the run's own, the operator observing every 30
   * simulated seconds, nothing shown.
   */
  public static SandboxOptions atSpeed(double speed) {
    return new SandboxOptions(speed, null, new KubernetesTarget.OwnServer(null), Duration.ofSeconds(30),
        Duration.ofSeconds(1), LiveView.NONE, Instrumentation.NONE);
  }

  public SandboxOptions withStrategy(Scenario.Strategy value) {
    return new SandboxOptions(speed, value, kubernetes, observeInterval, refresh, view, instrumentation);
  }

  public SandboxOptions withKubernetes(KubernetesTarget value) {
    return new SandboxOptions(speed, strategy, value, observeInterval, refresh, view, instrumentation);
  }

  public SandboxOptions withObserveInterval(Duration value) {
    return new SandboxOptions(speed, strategy, kubernetes, value, refresh, view, instrumentation);
  }

  public SandboxOptions withView(LiveView value, Duration every) {
    return new SandboxOptions(speed, strategy, kubernetes, observeInterval, every, value, instrumentation);
  }

  public SandboxOptions withInstrumentation(Instrumentation value) {
    return new SandboxOptions(speed, strategy, kubernetes, observeInterval, refresh, view, value);
  }

  /** The strategy this run uses. */
  public Scenario.Strategy strategyFor(Scenario scenario) {
    return strategy != null ? strategy : scenario.strategy();
  }

  public TimeCompression compression() {
    return new TimeCompression(speed);
  }
}
