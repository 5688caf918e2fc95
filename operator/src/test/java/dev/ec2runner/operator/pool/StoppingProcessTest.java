package dev.ec2runner.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.runner.RunnerReconciler;
import dev.ec2runner.operator.runner.RunnerSteps;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stopping process acts on nothing: JOSDK lets reconciles already queued run while it shuts the informers down,
 * and one that planned from a cache no longer kept current created a Runner above the pool's cap. The reconcilers
 * return before reading anything (the context they get here is null: touching it fails the test).
 */
class StoppingProcessTest {

  private final MutableClock clock = new MutableClock(OperatorWorld.START);
  private final OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
  private final Observations observations = new Observations(new FakeRunnerCloud(clock), new ScopeRegistry(),
      clock, Duration.ofSeconds(30));
  private final GitHubAccess gitHub = new GitHubAccess(null, (pool, credentials) -> FakeGitHub.openWorld(clock),
      c -> c, new GitHubHealth(clock, metrics), clock, Duration.ofMinutes(1),
      OperatorConfig.DEFAULT_GITHUB_API_HOSTS, NamespaceScopes.unrestricted());

  @Test
  void aStoppingPoolReconcilerPlansNothing() {
    RunnerPoolReconciler pools = new RunnerPoolReconciler(PoolParts.assemble(gitHub, new RunnerGroupResolver(clock),
        null, metrics, clock, Duration.ofMinutes(10), () -> true), gitHub, new CloudHealth(clock), new ScopeRegistry(),
        observations, null, metrics, clock, Duration.ofHours(1), () -> true);

    var control = pools.reconcile(TestResources.pool("ci", "gpu", 5), null);

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(pools.cleanup(TestResources.pool("ci", "gpu", 5), null).isRemoveFinalizer()).isFalse();
  }

  @Test
  void aStoppingRunnerReconcilerLaunchesAndRemovesNothing() {
    RunnerReconciler runners = new RunnerReconciler(new RunnerSteps(List.of(), List.of()), observations, clock,
        () -> true);
    var runner = new dev.ec2runner.api.v1alpha1.Runner();

    assertThat(runners.reconcile(runner, null).isNoUpdate()).isTrue();
    assertThat(runners.cleanup(runner, null).isRemoveFinalizer()).isFalse();
  }
}
