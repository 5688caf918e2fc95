package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.kube.Conditions;
import dev.ec2runner.operator.planner.PlannedCondition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes a Runner's status at once and caches the result, so the next step of the same reconcile (and the next
 * reconcile) sees it: the instance id is recorded before anything else happens. Writes only when something changed.
 */
public final class RunnerStatusWriter {

  public static final String LAUNCHED = "Launched";
  public static final String CONFIGURED = "Configured";

  private final Clock clock;

  RunnerStatusWriter(Clock clock) {
    this.clock = clock;
  }

  Runner write(Runner runner, RunnerContext in, Consumer<RunnerStatus> change) {
    RunnerStatus next = copy(runner, in);
    change.accept(next);
    return write(runner, in, next);
  }

  /** A copy of the Runner's status to change and then {@link #write(Runner, RunnerContext, RunnerStatus)}. */
  RunnerStatus copy(Runner runner, RunnerContext in) {
    RunnerStatus current = runner.getStatus();
    return current == null ? new RunnerStatus() : in.context().getClient().getKubernetesSerialization().clone(current);
  }

  Runner write(Runner runner, RunnerContext in, RunnerStatus next) {
    RunnerStatus current = runner.getStatus();
    next.setObservedGeneration(runner.getMetadata().getGeneration());
    if (Objects.equals(next, current)) {
      return runner;
    }
    return in.statusPatch().patch(runner, in.context(), next);
  }

  /** A change that sets one condition of the status. */
  Consumer<RunnerStatus> condition(String type, boolean status, String reason, String message) {
    return s -> {
      var conditions = s.getConditions() == null ? new ArrayList<io.fabric8.kubernetes.api.model.Condition>()
          : new ArrayList<>(s.getConditions());
      Conditions.set(conditions, new PlannedCondition(type, status, reason, message), clock.instant(), null);
      s.setConditions(conditions);
    };
  }
}
