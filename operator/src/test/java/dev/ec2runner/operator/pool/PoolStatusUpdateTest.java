package dev.ec2runner.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerPoolStatus;
import dev.ec2runner.operator.kube.Conditions;
import dev.ec2runner.operator.planner.PlannedCondition;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which status changes may wait for the counts pacing. */
class PoolStatusUpdateTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void aStatusThatChangesOnlyInItsCountsMayBePaced() {
    RunnerPoolStatus before = new RunnerPoolStatus().withObservedGeneration(1L).withScope("org acme")
        .withConditions(List.of()).withSelector("sel").withRunners(3).withIdle(1).withLastScaleUpTime(T0.toString());

    assertThat(PoolStatusUpdate.onlyCountsDiffer(before, copy(before).withRunners(4).withIdle(2)
        .withLastScaleUpTime(T0.plusSeconds(1).toString()))).isTrue();
    assertThat(PoolStatusUpdate.onlyCountsDiffer(before, copy(before).withRunners(4).withObservedGeneration(2L)))
        .isFalse();
    List<Condition> below = Conditions.merge(List.of(),
        List.of(new PlannedCondition("AtCapacity", false, "BelowMaxRunners", "the pool has 3 of maxRunners 9")), T0, 1L);
    RunnerPoolStatus belowCap = copy(before).withConditions(below);
    assertThat(PoolStatusUpdate.onlyCountsDiffer(belowCap, copy(belowCap).withRunners(4).withConditions(
        Conditions.merge(below, List.of(new PlannedCondition("AtCapacity", false, "BelowMaxRunners",
            "the pool has 4 of maxRunners 9")), T0.plusSeconds(1), 1L)))).as("only the wording of a condition").isTrue();
    assertThat(PoolStatusUpdate.onlyCountsDiffer(belowCap, copy(belowCap).withConditions(Conditions.merge(below,
        List.of(new PlannedCondition("AtCapacity", true, "MaxRunnersReached", "5 more runner(s) wanted")),
        T0.plusSeconds(1), 1L)))).as("a condition that turned").isFalse();
    assertThat(PoolStatusUpdate.onlyCountsDiffer(null, before)).as("a first status is written at once").isFalse();
  }

  private static RunnerPoolStatus copy(RunnerPoolStatus status) {
    return new RunnerPoolStatus().withObservedGeneration(status.getObservedGeneration())
        .withScope(status.getScope()).withConditions(status.getConditions()).withSelector(status.getSelector())
        .withRunners(status.getRunners()).withIdle(status.getIdle()).withLastScaleUpTime(status.getLastScaleUpTime());
  }
}
