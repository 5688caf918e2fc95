package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.matching.PoolOverlaps;
import dev.ec2runner.api.matching.PoolScope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverlapConditionTest {

  private static PoolOffer org(String name, String... labels) {
    return inOrg("acme", name, labels);
  }

  private static PoolOffer inOrg(String org, String name, String... labels) {
    return new PoolOffer(name, new PoolScope(PoolScope.Level.ORGANIZATION, org), Set.of(labels),
        Set.of("self-hosted", "linux", "x64"), false);
  }

  @Test
  void bothPoolsOfAnOverlapSayWhoTakesWhoseJobsAndWhichLabelSeparatesThem() {
    List<PoolOffer> pools = List.of(org("general"), org("big", "xl"), inOrg("other", "gpu"));

    for (String pool : List.of("general", "big")) {
      PlannedCondition condition = OverlapCondition.of(pool, PoolOverlaps.involving(pool, pools));
      assertThat(condition.type()).isEqualTo("Overlapping");
      assertThat(condition.status()).isTrue();
      assertThat(condition.reason()).isEqualTo("LabelsOverlap");
      assertThat(condition.message()).startsWith("runners of big (linux,x64,xl) can take jobs of general (linux,x64)")
          .contains("give general a label big lacks, e.g. 'general'");
    }
    PlannedCondition separate = OverlapCondition.of("gpu", PoolOverlaps.involving("gpu", pools));
    assertThat(separate.status()).isFalse();
    assertThat(separate.reason()).isEqualTo("NoOverlap");
  }
}
