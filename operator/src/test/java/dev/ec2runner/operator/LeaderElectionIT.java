package dev.ec2runner.operator;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderElectionIT {

  private OperatorTestHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorTestHarness.start(config -> new OperatorConfig(config.watchNamespaces(), true, "ops",
        config.httpPort(), config.observeInterval(), config.completedJobTtl(), config.appSecretRefresh(),
        config.offeringCooldown(), config.instanceVisibilityGrace(), config.eventQuietPeriod(),
        config.errorRetry()));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theLeaderHoldsTheLeaseAndObservesAndReconciles() {
    await().untilAsserted(() -> assertThat(harness.client().resources(Lease.class).inNamespace("ops")
        .withName(OperatorConfig.LEASE_NAME).get()).satisfies(l -> assertThat(l.getSpec().getHolderIdentity())
            .isNotBlank()));

    harness.client().resource(appSecret("ci")).create();
    RunnerPool pool = pool("ci", "gpu", 3);
    pool.getSpec().getScaling().setMinIdle(1);
    harness.createPool(pool);
    await().untilAsserted(() -> assertThat(harness.runners("ci", "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(harness.cloud().calls()).contains("listInstances");
  }
}
