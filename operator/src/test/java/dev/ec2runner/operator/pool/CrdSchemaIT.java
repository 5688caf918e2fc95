package dev.ec2runner.operator.pool;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.github.access.InstallationRef;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.job.JobStatuses;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.Planner;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.PoolPolicy;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.operator.runner.RunnerFactory;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.testkit.kube.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the operator writes (and what the tests create) is accepted by the API server, schema and CEL rules both,
 * and kept as written. Field validation is strict, so a field the schema does not know is refused instead of
 * pruned away unseen, and each status goes through the status subresource, as the operator writes it.
 */
class CrdSchemaIT {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private TestCluster kubernetes;
  private String ns;

  @BeforeEach
  void start() {
    kubernetes = TestCluster.create("t");
    ns = kubernetes.namespace();
  }

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void testPoolsAndTheStatusThePoolControllerWritesAreValid() {
    RunnerPool pool = create(TestResources.pool(ns, "gpu", 5));
    var plan = Planner.plan(PoolPolicy.from(pool.getSpec()), List.of(), List.of(),
        new PoolBlocker("AppSecretInvalid", "Secret github-app not found"), T0);
    pool.setStatus(PoolStatusUpdate.next(pool, PoolScope.of(pool.getSpec().getGithub()), plan, T0));

    assertStatusKept(pool);
  }

  @Test
  void theGitHubConditionsAreValidPoolConditions() {
    RunnerPool pool = create(TestResources.pool(ns, "gpu", 5));
    var plan = Planner.plan(PoolPolicy.from(pool.getSpec()), List.of(), List.of(),
        new PoolBlocker(RunnerGroupResolver.RUNNER_GROUP_NOT_FOUND, "runner group 'gpu' does not exist in acme"), T0);
    var health = new GitHubHealth(Clock.fixed(T0, ZoneOffset.UTC), new OperatorMetrics(new SimpleMeterRegistry()));
    pool.setStatus(PoolStatusUpdate.next(pool, PoolScope.of(pool.getSpec().getGithub()),
        plan, health.conditions(new InstallationRef("", 1, 2)), T0));

    assertThat(pool.getStatus().getConditions()).extracting(c -> c.getType())
        .contains("GitHubReachable", "RateLimitLow");
    assertStatusKept(pool);
  }

  @Test
  void aJobSettledByAStillQueuedCheckHasAValidStatus() {
    WorkflowJob job = create(TestResources.queuedJob(ns, 1, T0));
    job.setStatus(JobStatuses.desired(job, "gpu").withPhase("Cancelled")
        .withMessage("GitHub reports the job completed (conclusion cancelled) but its completed webhook never arrived"));

    assertThat(JobStatuses.settledOnGitHub(job)).isTrue();
    assertStatusKept(job);
  }

  @Test
  void runnersTheOperatorCreatesAndTheirStatusesAreValid() {
    RunnerPool pool = create(TestResources.pool(ns, "gpu", 5));
    Runner runner = create(RunnerFactory.newRunner(pool, T0));
    for (RunnerPhase phase : RunnerPhase.values()) {
      runner.setStatus(new RunnerStatus().withPhase(phase.wireName()).withInstanceId("i-0123456789abcdef0")
          .withCapacityType("on-demand").withLaunchedAt(T0.toString()).withGithubRunnerId(42L));
      runner = assertStatusKept(runner);
    }
  }

  @Test
  void testJobsAndTheirStatusesAreValid() {
    WorkflowJob job = create(TestResources.queuedJob(ns, 1, T0));
    job.setStatus(JobStatuses.desired(job, "gpu"));

    assertStatusKept(job);
  }

  @Test
  void theServerRefusesAnInvalidStatus() {
    RunnerPool pool = create(TestResources.pool(ns, "gpu", 5));
    Runner runner = create(RunnerFactory.newRunner(pool, T0));
    runner.setStatus(new RunnerStatus().withPhase("Sleeping"));

    assertThatThrownBy(() -> kubernetes.client().resource(runner).fieldValidation(Validation.STRICT).updateStatus())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("status.phase: Invalid value: \"Sleeping\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theServerRefusesAFieldItsSchemaDoesNotKnowInsteadOfDroppingIt() {
    GenericKubernetesResource pool = JSON.convertValue(TestResources.pool(ns, "gpu", 5),
        GenericKubernetesResource.class);
    ((Map<String, Object>) pool.getAdditionalProperties().get("spec")).put("maxRunner", 3);

    assertThatThrownBy(() -> kubernetes.client().resource(pool).fieldValidation(Validation.STRICT).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400))
        .hasMessageContaining("unknown field \"spec.maxRunner\"");
  }

  /** Created, or refused (422 or 400) for what its schema or CEL rules do not allow, or a field it does not know. */
  private <T extends CustomResource<?, ?>> T create(T object) {
    return kubernetes.client().resource(object).fieldValidation(Validation.STRICT).create();
  }

  /** Writes the object's status through the status subresource and checks that the server kept it as written. */
  private <T extends CustomResource<?, ?>> T assertStatusKept(T object) {
    T stored = kubernetes.client().resource(object).fieldValidation(Validation.STRICT).updateStatus();
    assertThat(JSON.asJson(stored.getStatus())).as("status as stored").isEqualTo(JSON.asJson(object.getStatus()));
    return stored;
  }
}
