package dev.ec2runner.operator.runner;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Runner's steps wired as the operator wires them, over a world with no operator process (a namespace of the real
 * API server, the clock and the cloud and GitHub fakes, no runner agents and no App Secret); no controller runs.
 */
final class StepWorld implements AutoCloseable {

  static final Duration RECHECK = Duration.ofSeconds(30);
  static final Duration ERROR_RETRY = Duration.ofSeconds(20);

  private final OperatorWorld world = OperatorWorld.builder().withoutOperator().withoutAgents().withoutAppSecret()
      .build();
  final KubernetesClient client = world.client();
  final String ns = world.namespace();
  final MutableClock clock = world.clock();
  final FakeRunnerCloud cloud = world.cloud();
  final FakeGitHub gitHub = FakeGitHub.openWorld(clock);
  /** Every cloud call passes here, where a test may fail one. */
  final CallGate cloudCalls = new CallGate(List.of());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final RunnerSteps steps;
  private final ScopeRegistry scopes = new ScopeRegistry();
  private final Observations observations;

  StepWorld() {
    OperatorMetrics metrics = new OperatorMetrics(registry);
    CloudHealth cloudHealth = new CloudHealth(clock);
    RunnerCloud guarded = cloudHealth.guard(cloudCalls.wrap(RunnerCloud.class, cloud));
    observations = new Observations(guarded, scopes, clock, RECHECK);
    EventRecorder events = new EventRecorder(client, clock, Duration.ofMinutes(1));
    GitHubAccess access = new GitHubAccess(client, (pool, credentials) -> gitHub, c -> c,
        new GitHubHealth(clock, metrics), clock, Duration.ofMinutes(1), OperatorConfig.DEFAULT_GITHUB_API_HOSTS,
        NamespaceScopes.unrestricted());
    RunnerGroupResolver groups = new RunnerGroupResolver(clock);
    RunnerLauncher launcher = new RunnerLauncher(guarded, new UnavailableOfferings(clock, Duration.ofMinutes(5)),
        metrics, ERROR_RETRY);
    steps = new RunnerSteps(new SpecCheckStep(clock, RECHECK),
        new LaunchStep(new LaunchGate(access, groups, cloudHealth), launcher, events, metrics, clock, RECHECK),
        new RegisterStep(access, groups, guarded, cloudHealth, events, clock, RECHECK, ERROR_RETRY,
            InstallationId.DEFAULT),
        new TrackStep(new RunnerPhaseTracker(Duration.ofSeconds(60), RECHECK), events, metrics, clock),
        new DeregisterStep(access, InstallationId.DEFAULT, events, clock, RECHECK, ERROR_RETRY),
        new TerminateStep(guarded, launcher, events, clock, ERROR_RETRY));
  }

  /** What the instance's bootstrap does: reads (and deletes) the runner configuration handed to it. */
  Optional<Sensitive> takeRunnerConfig(String instanceId) {
    return cloud.storedRunnerConfigs().stream().filter(key -> key.instanceId().equals(instanceId)).findFirst()
        .flatMap((RunnerConfigKey key) -> cloud.takeRunnerConfig(key.namespace(), key.pool(), instanceId));
  }

  /** A new Runner of the pool, as the pool creates it, on the API server. */
  Runner newRunner(RunnerPool pool) {
    return client.resource(RunnerFactory.newRunner(pool, null)).create();
  }

  Runner reread(Runner runner) {
    return client.resources(Runner.class).inNamespace(ns).withName(runner.getMetadata().getName()).get();
  }

  /**
   * What a reconcile of this Runner reads: its pool and the jobs that name it, and an observation taken now of its
   * region and its pool's scope. Status changes go straight to the API server.
   */
  RunnerContext input(Runner runner, RunnerPool pool) {
    observations.regions().use(runner.getMetadata().getUid(), pool.getSpec().getEc2().getRegion());
    scopes.register(new ScopeRegistry.PoolRef(ns, pool.getMetadata().getName()),
        PoolScope.of(pool.getSpec().getGithub()), gitHub);
    List<Object> secondaries = new ArrayList<>(List.of(pool));
    // As the Runner controller's job informer maps them: the WorkflowJobs that name the runner.
    client.resources(WorkflowJob.class).inNamespace(ns).list().getItems().stream()
        .filter(job -> runner.getMetadata().getName().equals(job.getSpec().getRunnerName()))
        .forEach(secondaries::add);
    return new RunnerContext(Optional.of(pool), new StepContext(client, secondaries), observations.refresh(),
        (r, context, next) -> {
          Runner changed = context.getClient().getKubernetesSerialization().clone(r);
          changed.setStatus(next);
          return context.getClient().resource(changed).patchStatus();
        });
  }

  /** Runs the steps in order, each with the Runner as the API server has it now. */
  Step run(List<RunnerStep> steps, Runner runner, RunnerPool pool) {
    Runner current = reread(runner);
    return RunnerStep.inOrder(steps).reconcile(current, input(current, pool));
  }

  @Override
  public void close() {
    world.close();
  }
}
