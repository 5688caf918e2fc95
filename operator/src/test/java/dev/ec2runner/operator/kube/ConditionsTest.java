package dev.ec2runner.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.planner.PlannedCondition;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conditions keep their transition time while their status stays. */
class ConditionsTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void conditionsKeepTheirTransitionTimeWhileTheStatusStaysTheSame() {
    List<Condition> first = Conditions.merge(List.of(),
        List.of(new PlannedCondition("AtCapacity", true, "MaxRunnersReached", "3 more")), T0, 1L);
    List<Condition> same = Conditions.merge(first,
        List.of(new PlannedCondition("AtCapacity", true, "MaxRunnersReached", "5 more")), T0.plusSeconds(60), 2L);
    List<Condition> flipped = Conditions.merge(same,
        List.of(new PlannedCondition("AtCapacity", false, "BelowMaxRunners", "ok")), T0.plusSeconds(120), 2L);

    assertThat(same).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
      assertThat(c.getMessage()).isEqualTo("5 more");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
    assertThat(flipped).singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo(T0.plusSeconds(120).toString()));
    assertThat(Conditions.becameTrue(List.of(), first, "AtCapacity")).isTrue();
    assertThat(Conditions.becameTrue(first, same, "AtCapacity")).isFalse();
  }
}
