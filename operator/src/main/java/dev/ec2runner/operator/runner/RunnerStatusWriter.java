package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.kube.Conditions;
import dev.ec2runner.operator.planner.PlannedCondition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
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

  Runner write(Runner runner, Context<Runner> context, Consumer<RunnerStatus> change) {
    RunnerStatus next = copy(runner, context);
    change.accept(next);
    return write(runner, context, next);
  }

  /** A copy of the Runner's status to change and then {@link #write(Runner, Context, RunnerStatus)}. */
  RunnerStatus copy(Runner runner, Context<Runner> context) {
    RunnerStatus current = runner.getStatus();
    return current == null ? new RunnerStatus() : context.getClient().getKubernetesSerialization().clone(current);
  }

  Runner write(Runner runner, Context<Runner> context, RunnerStatus next) {
    RunnerStatus current = runner.getStatus();
    next.setObservedGeneration(runner.getMetadata().getGeneration());
    if (Objects.equals(next, current)) {
      return runner;
    }
    return PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(runner, context, r -> {
      r.setStatus(next);
      return r;
    });
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
