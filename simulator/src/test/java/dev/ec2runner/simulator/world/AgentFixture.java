package dev.ec2runner.simulator.world;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.GitHubTarget;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.fake.AgentSettings;
import dev.ec2runner.operator.bootstrap.fake.RunnerAgents;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.cloud.fake.FakeCloudSettings;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.app.TestKeys;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.simulator.github.SimulatedGitHubServer;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stepped world without a scaler: the simulated GitHub over HTTP (App 77, installation 88 on organization
 * {@code acme} with repository {@code acme/app}), the simulated cloud (30 s boot, 10 s shutdown), the real GitHub
 * adapter, and runner agents ticking every second. Tests launch instances and hand off JIT configs themselves.
 */
final class AgentFixture implements AutoCloseable {

  static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  static final List<String> LABELS = List.of("self-hosted", "linux", "x64");
  private static final KeyPair KEYS = TestKeys.generate();

  final WorldClock clock = WorldClock.stepped(Instant.parse("2025-01-06T09:00:00Z"));
  final WorldScheduler scheduler = new WorldScheduler(clock);
  final SimulatedGitHub github = new SimulatedGitHub(clock);
  final FakeRunnerCloud cloud = new FakeRunnerCloud(clock, FakeCloudSettings.defaults());
  final Map<Long, Duration> runtimes = new ConcurrentHashMap<>();
  final RunnerAgents agents;
  final SimulatedGitHubServer server;
  final AppGitHubRunners adapter;

  AgentFixture(AgentSettings settings) throws Exception {
    github.registerApp(77, KEYS.getPublic());
    github.addOrganization("acme");
    github.addRepository("acme/app");
    github.addInstallation(88, 77, "acme");
    server = SimulatedGitHubServer.start(github);
    adapter = AppGitHubRunners.create(new GitHubAppCredentials(server.apiUrl(), 77, 88,
        Sensitive.of(TestKeys.pkcs1Pem(KEYS))), HttpClient.newHttpClient(), clock, GitHubCallListener.NONE);
    agents = new RunnerAgents(cloud, github, clock, job -> Optional.ofNullable(runtimes.get(job.id())), settings);
    scheduler.every(settings.tick(), "agents", agents::tick);
  }

  /** Launches one spot instance of pool {@code ci/linux} for the named runner; returns its id. */
  String launch(String runnerName) throws Exception {
    RunnerPoolSpec spec = new RunnerPoolSpec().withGithub(new GitHubTarget().withOrganization("acme"))
        .withEc2(new Ec2Settings().withRegion("eu-west-1").withInstanceTypes(List.of("m7i.large"))
            .withSubnets(List.of(new ResourceSelector().withId("subnet-1"))));
    return cloud.launch(new LaunchRequest("ci", "linux", runnerName, UUID.randomUUID().toString(),
        CapacityType.SPOT, spec, Set.of())).instanceId();
  }

  /** Creates the runner's JIT configuration through the adapter and stores it for the instance. */
  JitConfig handOffJit(String instanceId, String runnerName) throws Exception {
    JitConfig jit = adapter.createJitConfig(ORG, new JitConfigRequest(runnerName, 1, LABELS, null));
    cloud.handOffRunnerConfig(new RunnerConfigKey("ci", "linux", instanceId), jit.encodedConfig());
    return jit;
  }

  long queue(Duration runtime) {
    long jobId = github.queueJob("acme/app", List.of("self-hosted", "linux"));
    runtimes.put(jobId, runtime);
    return jobId;
  }

  void advance(Duration duration) {
    scheduler.advance(duration);
  }

  @Override
  public void close() {
    scheduler.close();
    server.close();
    github.close();
  }
}
