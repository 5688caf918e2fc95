package dev.ec2runner.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.TestResources;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A new Runner: a snapshot of its pool's spec, owned by the pool, born with its finalizer; its name tells its pool
 * after it is gone.
 */
class RunnerFactoryTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void newRunnersSnapshotThePoolAndAreOwnedByIt() {
    RunnerPool pool = TestResources.pool("ci", "gpu", 5);
    pool.getMetadata().setUid("pool-uid");

    Runner runner = RunnerFactory.newRunner(pool, T0);

    assertThat(runner.getMetadata().getName()).matches("gpu-[a-z0-9]{5}");
    assertThat(runner.getMetadata().getLabels()).containsEntry(ApiGroup.POOL_LABEL, "gpu");
    assertThat(runner.getMetadata().getAnnotations()).containsEntry(RunnerFactory.DEMAND_QUEUED_AT, T0.toString());
    assertThat(runner.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("pool-uid");
      assertThat(o.getKind()).isEqualTo("RunnerPool");
      assertThat(o.getController()).isTrue();
    });
    assertThat(runner.getSpec().getCapacityTypes()).containsExactly("spot", "on-demand");
    assertThat(runner.getSpec().getLabels()).containsExactly("gpu");
    assertThat(runner.getSpec().getEphemeral()).isTrue();
    assertThat(RunnerFactory.capacityTypes("on-demand")).containsExactly("on-demand");
    assertThat(RunnerFactory.newRunner(pool, null).getMetadata().getAnnotations()).isEmpty();
    assertThat(runner.getMetadata().getFinalizers()).as("born with the Runner controller's finalizer")
        .containsExactly(ApiGroup.RUNNER_FINALIZER);
  }

  @Test
  void aRunnersNameTellsItsPoolAmongThePoolsOfTheNamespace() {
    Set<String> pools = Set.of("xl", "xl-gpu", "general");
    String xlGpu = RunnerFactory.newRunner(TestResources.pool("ci", "xl-gpu", 5), null).getMetadata().getName();

    assertThat(RunnerFactory.poolOfName(xlGpu, pools)).as("the longer pool name, not its prefix").hasValue("xl-gpu");
    assertThat(RunnerFactory.poolOfName("xl-ab12c", pools)).hasValue("xl");
    assertThat(RunnerFactory.poolOfName("deleted-ab12c", pools)).as("no such pool").isEmpty();
    assertThat(RunnerFactory.poolOfName("general-box-01", pools)).as("not a generated suffix").isEmpty();
    assertThat(RunnerFactory.poolOfName("general-AB12C", pools)).as("not a generated suffix").isEmpty();
    assertThat(RunnerFactory.poolOfName("elsewhere", pools)).isEmpty();
    assertThat(RunnerFactory.poolOfName("-ab12c", pools)).isEmpty();
  }
}
