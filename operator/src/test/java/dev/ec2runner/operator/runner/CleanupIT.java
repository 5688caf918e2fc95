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
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CleanupIT {

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().withoutAppSecret()
      .config((config, namespace) -> new OperatorConfig(Set.of(namespace), config.leaderElection(),
          config.podNamespace(), config.httpPort(), config.observeInterval(), config.completedJobTtl(),
          config.appSecretRefresh(), config.offeringCooldown(), config.instanceVisibilityGrace(),
          config.eventQuietPeriod(), config.errorRetry())));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  @Test
  void orphanInstancesAndRegistrationsAreCleanedButOwnedOnesKept() {
    world.client().resource(appSecret(ns)).create();
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getScaling().setMinIdle(1);
    world.createPool(pool);
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String owned = world.runners(ns, "gpu").get(0).getMetadata().getName();

    String orphanInstance = world.cloud().addOrphanInstance(ns, "gpu", "gpu-zzzzz", "uid-of-a-deleted-runner");
    String otherInstallation = world.cloud().addOrphanInstance("elsewhere", "gpu", "gpu-yyyyy", "uid-elsewhere");
    // Carries this installation's tags, but someone tagged it: tags are no proof of ownership.
    String handTagged = world.cloud().addTaggedInstance(InstallationId.DEFAULT.value(), ns, "gpu", "gpu-xxxxx",
        "uid-of-no-runner");
    PoolScope scope = new PoolScope(PoolScope.Level.ORGANIZATION, TestResources.ORG);
    long orphanRegistration = world.gitHub().addForeignRegistration(scope, "gpu-zzzzz", false,
        List.of(InstallationId.DEFAULT.runnerLabel()));
    long unrelated = world.gitHub().addForeignRegistration(scope, "someone-elses-runner", true);

    await().untilAsserted(() -> assertThat(world.cloud().running()).extracting(i -> i.instanceId())
        .doesNotContain(orphanInstance));
    await().untilAsserted(() -> assertThat(world.gitHub().registrations()).extracting(r -> r.id())
        .doesNotContain(orphanRegistration));
    assertThat(world.gitHub().registrations()).extracting(r -> r.id()).contains(unrelated);
    assertThat(world.gitHub().registration(owned)).isPresent();
    assertThat(world.cloud().instanceOfRunner(owned)).get().satisfies(i -> assertThat(i.state().isGone()).isFalse());
    assertThat(world.counter("ec2runner.garbage.collected", "kind", "instance")).isEqualTo(1);
    // An instance of a namespace this operator does not manage belongs to another installation.
    assertThat(world.cloud().running()).extracting(i -> i.instanceId()).contains(otherInstallation);
    assertThat(world.counter("ec2runner.garbage.collected", "kind", "registration")).isEqualTo(1);
    assertThat(world.events(ns, "OrphanInstanceTerminated")).isNotEmpty();
    await().untilAsserted(() -> assertThat(world.events(ns, "UnmanagedInstanceIgnored")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(handTagged)));
    assertThat(world.cloud().running()).extracting(i -> i.instanceId()).contains(handTagged);
    assertThat(world.events(ns, "OrphanRegistrationRemoved")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("gpu-zzzzz"));
  }

  @Test
  void deletingAPoolRemovesEveryInstanceAndRegistration() {
    world.client().resource(appSecret(ns)).create();
    RunnerPool pool = pool(ns, "gpu", 5);
    pool.getSpec().getScaling().setMinIdle(3);
    world.createPool(pool);
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(3)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(world.cloud().running()).hasSize(3);

    world.client().resources(RunnerPool.class).inNamespace(ns).withName("gpu").delete();

    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu")).isNull());
    assertThat(world.runners(ns, "gpu")).isEmpty();
    assertThat(world.cloud().running()).isEmpty();
    assertThat(world.cloud().storedRunnerConfigs()).isEmpty();
    assertThat(world.gitHub().registrations()).isEmpty();
  }

  @Test
  void aMissingOrInvalidAppSecretMakesThePoolNotReadyWithoutLeakingIt() {
    world.createPool(pool(ns, "gpu", 5));
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("AppSecretInvalid");
      assertThat(c.getMessage()).contains("Secret github-app not found");
    }));
    assertThat(world.events(ns, "AppSecretInvalid")).isNotEmpty();
    assertThat(world.runners(ns, "gpu")).isEmpty();
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));

    Secret broken = appSecret(ns);
    broken.setStringData(Map.of("appId", "not-a-number", "privateKey", "hunter2-not-a-pem"));
    world.client().resource(broken).create();
    await().untilAsserted(() -> assertThat(world.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getMessage()).contains("appId is not a positive number")
          .contains("installationId is missing").contains("privateKey is not a PEM private key")
          .doesNotContain("hunter2").doesNotContain("not-a-number");
    }));
    assertThat(world.client().v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> e.getMessage().contains("hunter2"));
    assertThat(world.runners(ns, "gpu")).isEmpty();

    world.client().resource(appSecret(ns)).update();
    await().untilAsserted(() -> assertThat(world.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    }));
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    assertThat(world.gitHub().credentialsSeen()).last()
        .satisfies(c -> assertThat(c.appId()).isEqualTo(12345))
        .satisfies(c -> assertThat(c.toString()).doesNotContain("BEGIN"));
  }

  @Test
  void completedWorkflowJobsAreRemovedAfterTheirTtl() {
    world.client().resource(appSecret(ns)).create();
    world.createPool(pool(ns, "gpu", 5));
    WorkflowJob done = queuedJob(ns, 7, OperatorWorld.START);
    done.getSpec().withState("completed").withConclusion("success")
        .withCompletedAt(OperatorWorld.START.toString());
    world.client().resource(done).create();
    await().untilAsserted(() -> assertThat(world.job(ns, "job-7").getStatus())
        .satisfies(s -> assertThat(s.getPhase()).isEqualTo("Completed")));

    world.clock().advance(Duration.ofMinutes(61));
    await().untilAsserted(() -> assertThat(world.job(ns, "job-7")).isNull());
  }
}
