package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Holds a Runner back while its pool's spec is invalid. Every later step reads the spec; the pool reports the field
 * (Ready=False, a Warning Event) and the Runner waits for the fix instead of failing inside a launch on every retry.
 */
public final class SpecCheckStep implements RunnerStep {

  private final RunnerStatusWriter writer;
  private final Duration recheck;

  public SpecCheckStep(Clock clock, Duration recheck) {
    this.writer = new RunnerStatusWriter(clock);
    this.recheck = recheck;
  }

  @Override
  public Step reconcile(Runner runner, RunnerContext in) {
    Optional<PoolBlocker> invalidSpec = PoolSpecCheck.blocker(in.presentPool().getSpec());
    if (invalidSpec.isEmpty()) {
      return Step.proceed(runner);
    }
    String message = "waiting for a valid pool spec: " + invalidSpec.get().message();
    boolean launched = runner.getStatus() != null && runner.getStatus().getInstanceId() != null;
    Consumer<RunnerStatus> note = s -> s.setMessage(message);
    writer.write(runner, in, launched ? note
        : writer.condition(RunnerStatusWriter.LAUNCHED, false, PoolSpecCheck.INVALID_SPEC, message).andThen(note));
    return Step.retry(recheck);
  }
}
