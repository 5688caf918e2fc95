package dev.ec2runner.operator.runner;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import dev.ec2runner.operator.testsupport.TestResources;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CleanupIT {

  private String ns;
  private OperatorTestHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorTestHarness.start((config, namespace) -> new OperatorConfig(Set.of(namespace),
        config.leaderElection(), config.podNamespace(), config.httpPort(), config.observeInterval(),
        config.completedJobTtl(), config.appSecretRefresh(), config.offeringCooldown(),
        config.instanceVisibilityGrace(), config.eventQuietPeriod(), config.errorRetry()));
    ns = harness.namespace();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void orphanInstancesAndRegistrationsAreCleanedButOwnedOnesKept() {
    harness.client().resource(appSecret(ns)).create();
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getScaling().setMinIdle(1);
    harness.createPool(pool);
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String owned = harness.runners(ns, "gpu").get(0).getMetadata().getName();

    String orphanInstance = harness.cloud().addOrphanInstance(ns, "gpu", "gpu-zzzzz", "uid-of-a-deleted-runner");
    String otherInstallation = harness.cloud().addOrphanInstance("elsewhere", "gpu", "gpu-yyyyy", "uid-elsewhere");
    PoolScope scope = new PoolScope(PoolScope.Level.ORGANIZATION, TestResources.ORG);
    long orphanRegistration = harness.gitHub().addForeignRegistration(scope, "gpu-zzzzz", false,
        List.of(InstallationId.DEFAULT.runnerLabel()));
    long unrelated = harness.gitHub().addForeignRegistration(scope, "someone-elses-runner", true);

    await().untilAsserted(() -> assertThat(harness.cloud().running()).extracting(i -> i.instanceId())
        .doesNotContain(orphanInstance));
    await().untilAsserted(() -> assertThat(harness.gitHub().registrations()).extracting(r -> r.id())
        .doesNotContain(orphanRegistration));
    assertThat(harness.gitHub().registrations()).extracting(r -> r.id()).contains(unrelated);
    assertThat(harness.gitHub().registration(owned)).isPresent();
    assertThat(harness.cloud().instanceOfRunner(owned)).get().satisfies(i -> assertThat(i.state().isGone()).isFalse());
    assertThat(harness.counter("ec2runner.garbage.collected", "kind", "instance")).isEqualTo(1);
    // An instance of a namespace this operator does not manage belongs to another installation.
    assertThat(harness.cloud().running()).extracting(i -> i.instanceId()).contains(otherInstallation);
    assertThat(harness.counter("ec2runner.garbage.collected", "kind", "registration")).isEqualTo(1);
    assertThat(harness.events(ns, "OrphanInstanceTerminated")).isNotEmpty();
    assertThat(harness.events(ns, "OrphanRegistrationRemoved")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("gpu-zzzzz"));
  }

  @Test
  void deletingAPoolRemovesEveryInstanceAndRegistration() {
    harness.client().resource(appSecret(ns)).create();
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getScaling().setMinIdle(3);
    harness.createPool(pool);
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).hasSize(3)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(harness.cloud().running()).hasSize(3);

    harness.client().resources(RunnerPool.class).inNamespace(ns).withName("gpu").delete();

    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu")).isNull());
    assertThat(harness.runners(ns, "gpu")).isEmpty();
    assertThat(harness.cloud().running()).isEmpty();
    assertThat(harness.cloud().storedRunnerConfigs()).isEmpty();
    assertThat(harness.gitHub().registrations()).isEmpty();
  }

  @Test
  void aMissingOrInvalidAppSecretMakesThePoolNotReadyWithoutLeakingIt() {
    harness.createPool(pool(ns, "gpu", 5));
    harness.client().resource(queuedJob(ns, 1, OperatorTestHarness.START)).create();

    await().untilAsserted(() -> assertThat(harness.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("AppSecretInvalid");
      assertThat(c.getMessage()).contains("Secret github-app not found");
    }));
    assertThat(harness.events(ns, "AppSecretInvalid")).isNotEmpty();
    assertThat(harness.runners(ns, "gpu")).isEmpty();
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));

    Secret broken = appSecret(ns);
    broken.setStringData(Map.of("appId", "not-a-number", "privateKey", "hunter2-not-a-pem"));
    harness.client().resource(broken).create();
    await().untilAsserted(() -> assertThat(harness.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getMessage()).contains("appId is not a positive number")
          .contains("installationId is missing").contains("privateKey is not a PEM private key")
          .doesNotContain("hunter2").doesNotContain("not-a-number");
    }));
    assertThat(harness.client().v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> e.getMessage().contains("hunter2"));
    assertThat(harness.runners(ns, "gpu")).isEmpty();

    harness.client().resource(appSecret(ns)).update();
    await().untilAsserted(() -> assertThat(harness.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    }));
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(harness.gitHub().credentialsSeen()).last()
        .satisfies(c -> assertThat(c.appId()).isEqualTo(12345))
        .satisfies(c -> assertThat(c.toString()).doesNotContain("BEGIN"));
  }

  @Test
  void completedWorkflowJobsAreRemovedAfterTheirTtl() {
    harness.client().resource(appSecret(ns)).create();
    harness.createPool(pool(ns, "gpu", 5));
    WorkflowJob done = queuedJob(ns, 7, OperatorTestHarness.START);
    done.getSpec().withState("completed").withConclusion("success")
        .withCompletedAt(OperatorTestHarness.START.toString());
    harness.client().resource(done).create();
    await().untilAsserted(() -> assertThat(harness.job(ns, "job-7").getStatus())
        .satisfies(s -> assertThat(s.getPhase()).isEqualTo("Completed")));

    harness.clock().advance(Duration.ofMinutes(61));
    await().untilAsserted(() -> assertThat(harness.job(ns, "job-7")).isNull());
  }
}
