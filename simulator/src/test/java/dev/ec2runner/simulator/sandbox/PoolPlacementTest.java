package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolPlacementTest {

  @Test
  void onAnExistingClusterEveryPoolGoesToTheSandboxsNamespaceAndTheScenarioIsLeftAlone() {
    List<RunnerPool> scenario = List.of(pool("build", "ci-runners"), pool("arm", null));

    List<RunnerPool> placed = PoolPlacement.inNamespace(scenario, "ec2runner-sandbox-b2c4d");

    assertThat(placed).extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsExactly("ec2runner-sandbox-b2c4d/build", "ec2runner-sandbox-b2c4d/arm");
    assertThat(scenario.get(0).getMetadata().getNamespace()).isEqualTo("ci-runners");
  }

  @Test
  void twoPoolsOfOneNameInDifferentNamespacesCannotShareTheSandboxsNamespace() {
    List<RunnerPool> scenario = List.of(pool("build", "team-a"), pool("arm", "team-a"), pool("build", "team-b"));

    assertThatThrownBy(() -> PoolPlacement.inNamespace(scenario, "ec2runner-sandbox-b2c4d"))
        .isInstanceOf(ScenarioRefused.class)
        .hasMessage("scenario pools[2] (build): on an existing cluster every pool goes to the sandbox's namespace,"
            + " where pools[0] has the same name");
  }

  @Test
  void onItsOwnServerAPoolWithoutNamespaceGoesToDefault() {
    assertThat(PoolPlacement.withDefaultNamespace(List.of(pool("build", null), pool("arm", "ci-runners"))))
        .extracting(p -> p.getMetadata().getNamespace()).containsExactly("default", "ci-runners");
  }

  @Test
  void theFloorIsTheLargestOfReplicasMinIdleAndTheIdleSchedules() {
    RunnerPool pool = pool("warm", null);
    assertThat(PoolPlacement.floor(pool)).isZero();
    pool.getSpec().setReplicas(2);
    pool.getSpec().getScaling().setMinIdle(3);
    assertThat(PoolPlacement.floor(pool)).isEqualTo(3);
  }

  private static RunnerPool pool(String name, String namespace) {
    return Serialization.unmarshal("""
        apiVersion: ec2runner.dev/v1alpha1
        kind: RunnerPool
        metadata: {name: %s%s}
        spec:
          github: {organization: acme, appSecretRef: {name: app}}
          ec2: {region: eu-west-1, instanceTypes: [m7i.large], subnets: [{id: subnet-0123456789abcdef0}]}
          scaling: {maxRunners: 5}
        """.formatted(name, namespace == null ? "" : ", namespace: " + namespace), RunnerPool.class);
  }
}
