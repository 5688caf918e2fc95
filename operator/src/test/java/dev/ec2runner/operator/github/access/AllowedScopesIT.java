package dev.ec2runner.operator.github.access;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With ALLOWED_SCOPES the installation decides which GitHub scopes each namespace's pools may serve: a pool outside
 * them is refused (Ready=False, ScopeNotAllowed, a Warning Event), launches nothing and takes no job from a pool
 * that may serve it. The test's namespace may serve only the repository acme/app.
 */
class AllowedScopesIT {

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder()
      .config((config, namespace) -> config.withAllowedScopes(NamespaceScopes.parse(namespace + "=acme/app"))));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  @Test
  void aPoolOutsideItsNamespacesScopesIsRefusedAndTakesNoJobFromAnAllowedPool() {
    // The organization pool would win the job (its name sorts first among equally specific pools) but may not
    // serve the organization from this namespace; the repository pool may.
    RunnerPool organization = pool(ns, "a-org", 3);
    organization.getSpec().getScaling().setMinIdle(1);
    world.createPool(organization);
    RunnerPool repository = pool(ns, "b-repo", 3);
    repository.getSpec().getGithub().withOrganization(null).withRepository("acme/app");
    world.createPool(repository);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.conditions(ns, "a-org")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("ScopeNotAllowed");
      assertThat(c.getMessage()).contains("organization acme", "may serve only acme/app", "ALLOWED_SCOPES");
    }));
    await().untilAsserted(() -> assertThat(world.events(ns, "ScopeNotAllowed"))
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning")));
    await().untilAsserted(() -> assertThat(world.job(ns, "job-1").getStatus())
        .satisfies(s -> assertThat(s.getPool()).isEqualTo("b-repo")));
    await().untilAsserted(() -> assertThat(world.runners(ns, "b-repo")).hasSize(1));
    // Several reconciles later the refused pool, despite its minIdle, still has nothing.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(world.runners(ns, "a-org")).isEmpty());
  }
}
