package dev.ec2runner.operator.kube;

import dev.ec2runner.operator.planner.PlannedCondition;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Standard Kubernetes conditions: a condition keeps its lastTransitionTime while its status stays the same. */
public final class Conditions {

  private Conditions() {
  }

  /**
   * The conditions with each planned one set; others are kept as they are.
   *
   * @param generation the spec generation the conditions describe
   */
  public static List<Condition> merge(List<Condition> current, List<PlannedCondition> planned, Instant now,
      Long generation) {
    List<Condition> merged = new ArrayList<>(current == null ? List.of() : current);
    for (PlannedCondition condition : planned) {
      set(merged, condition, now, generation);
    }
    return merged;
  }

  /** Sets one condition in the list, in place. */
  public static void set(List<Condition> conditions, PlannedCondition planned, Instant now, Long generation) {
    String status = planned.status() ? "True" : "False";
    Optional<Condition> existing = find(conditions, planned.type());
    String transition = existing.filter(c -> status.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElse(now.toString());
    Condition updated = new ConditionBuilder()
        .withType(planned.type())
        .withStatus(status)
        .withReason(planned.reason())
        .withMessage(planned.message())
        .withLastTransitionTime(transition)
        .withObservedGeneration(generation)
        .build();
    existing.ifPresentOrElse(old -> conditions.set(conditions.indexOf(old), updated), () -> conditions.add(updated));
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  /** Whether the condition of the type is True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Whether the condition changed to the status {@code True} between the two lists. */
  public static boolean becameTrue(List<Condition> before, List<Condition> after, String type) {
    return !isTrue(before, type) && isTrue(after, type);
  }
}
