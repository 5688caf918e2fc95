package dev.ec2runner.operator;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaderElectionIT {

  private final KubernetesClient admin = KubeApiServer.newClient(KubeApiServer.shared().adminConfig());
  /** Who held the Lease at each housekeeping pass ("none" while nobody did). */
  private final List<String> holdersAtHousekeeping = new CopyOnWriteArrayList<>();
  // Leader election on; the operator's own namespace (its pod's, where the Lease lives) is the test's.
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().withoutOperator()
      .config((config, ns) -> new OperatorConfig(config.watchNamespaces(), true, ns, config.httpPort(),
          config.observeInterval(), config.completedJobTtl(), config.appSecretRefresh(), config.offeringCooldown(),
          config.instanceVisibilityGrace(), config.eventQuietPeriod(), config.errorRetry()))
      .housekeeping(this::recordLeaseHolder));
  @Operated
  private OperatorWorld world;
  @Operated
  private String namespace;

  @AfterEach
  void stop() {
    admin.close();
  }

  @Test
  void theLeaderHoldsTheLeaseAndObservesAndReconciles() {
    world.startOperator();
    await().untilAsserted(() -> assertThat(lease()).satisfies(l -> assertThat(l.getSpec().getHolderIdentity())
        .isNotBlank()));

    String ns = world.namespace();
    RunnerPool pool = pool(ns, "gpu", 3);
    pool.getSpec().getScaling().setMinIdle(1);
    world.createPool(pool);
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(world.cloud().calls()).contains("DescribeInstances");
  }

  /**
   * The S3 mirror and launch-template upkeep runs on the leader only. This replica starts as a standby (another
   * replica holds the Lease and then stops renewing it): it runs no pass until the Lease is its own.
   */
  @Test
  void aStandbyRunsNoHousekeepingUntilItHoldsTheLease() {
    admin.resource(new LeaseBuilder().withNewMetadata().withName(OperatorConfig.LEASE_NAME)
        .withNamespace(namespace).endMetadata().withNewSpec().withHolderIdentity("another-replica")
        .withLeaseDurationSeconds(15).withAcquireTime(ZonedDateTime.now()).withRenewTime(ZonedDateTime.now())
        .withLeaseTransitions(0).endSpec().build()).create();
    world.startOperator();

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(holdersAtHousekeeping).isNotEmpty());

    String holder = lease().getSpec().getHolderIdentity();
    assertThat(holder).isNotEqualTo("another-replica");
    assertThat(holdersAtHousekeeping).as("the Lease holder at every pass").containsOnly(holder);
  }

  private void recordLeaseHolder() {
    Lease lease = lease();
    holdersAtHousekeeping.add(lease == null || lease.getSpec().getHolderIdentity() == null ? "none"
        : lease.getSpec().getHolderIdentity());
  }

  private Lease lease() {
    return admin.resources(Lease.class).inNamespace(namespace).withName(OperatorConfig.LEASE_NAME).get();
  }
}
