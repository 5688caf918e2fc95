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
    // The operator's own namespace (its pod's, where the Lease lives) is the test's.
    harness = OperatorTestHarness.start((config, namespace) -> new OperatorConfig(config.watchNamespaces(), true,
        namespace, config.httpPort(), config.observeInterval(), config.completedJobTtl(), config.appSecretRefresh(),
        config.offeringCooldown(), config.instanceVisibilityGrace(), config.eventQuietPeriod(),
        config.errorRetry()));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theLeaderHoldsTheLeaseAndObservesAndReconciles() {
    await().untilAsserted(() -> assertThat(harness.client().resources(Lease.class).inNamespace(harness.namespace())
        .withName(OperatorConfig.LEASE_NAME).get()).satisfies(l -> assertThat(l.getSpec().getHolderIdentity())
            .isNotBlank()));

    String ns = harness.namespace();
    harness.client().resource(appSecret(ns)).create();
    RunnerPool pool = pool(ns, "gpu", 3);
    pool.getSpec().getScaling().setMinIdle(1);
    harness.createPool(pool);
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(harness.cloud().calls()).contains("listInstances");
  }
}
