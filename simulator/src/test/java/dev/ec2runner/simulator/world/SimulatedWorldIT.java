package dev.ec2runner.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A world built from a scenario: its accounts and App credentials, its faults and its report. */
class SimulatedWorldIT {

  private static final PoolScope ACME = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  private static final String SCENARIO = """
      name: world
      duration: 1m
      bootTime: 5s
      pools:
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: linux, namespace: ci}
          spec:
            github: {organization: acme, labels: [docker], appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                  capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 5}
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: tools, namespace: ci}
          spec:
            github: {repository: beta/tools, appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                  subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 2}
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: gpu, namespace: ci}
          spec:
            github: {enterprise: bigcorp, labels: [gpu], appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [g5.xlarge],
                  subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 2}
      workload:
        - repository: acme/app
          labels: [self-hosted, docker]
          bursts: [{at: 0s, jobs: 2}]
          jobDuration: {median: 10m, p95: 10m}
      FAULTS
      """;

  @Test
  void theAppIsInstalledOnEveryScopeOfTheScenarioAndItsSecretRoundTrips() throws Exception {
    try (SimulatedWorld world = SimulatedWorld.create(scenario(""), WorldOptions.stepped())) {
      AppGitHubRunners adapter = adapter(world);

      assertThat(adapter.listRunners(ACME)).isEmpty();
      assertThat(adapter.listRunners(new PoolScope(PoolScope.Level.REPOSITORY, "beta/tools"))).isEmpty();
      PoolScope enterprise = new PoolScope(PoolScope.Level.ENTERPRISE, "bigcorp");
      adapter.createJitConfig(enterprise, new JitConfigRequest("gpu-abcde", 1, List.of("gpu"), null));
      assertThat(adapter.listRunners(enterprise)).singleElement()
          .satisfies(runner -> assertThat(runner.name()).isEqualTo("gpu-abcde"));

      Map<String, String> secretData = new LinkedHashMap<>();
      world.appCredentials().secretStringData().forEach((key, value) -> secretData.put(key,
          Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
      assertThat(secretData).containsOnlyKeys("appId", "installationId", "privateKey", "enterpriseToken");
      Secret secret = new SecretBuilder().withNewMetadata().withName("app").endMetadata().withData(secretData).build();
      GitHubAppCredentials read = GitHubAppCredentials.of(
          AppCredentials.fromSecret(secret), world.appCredentials().apiUrl().toString());
      GitHubAppCredentials expected = world.appCredentials().toGitHubAppCredentials();
      assertThat(read.apiUrl()).isEqualTo(expected.apiUrl());
      assertThat(read.appId()).isEqualTo(expected.appId());
      assertThat(read.installationId()).isEqualTo(expected.installationId());
      // The operator trims the PEM it reads; the key material is the same.
      assertThat(read.privateKey().reveal()).isEqualTo(expected.privateKey().reveal().strip());
      assertThat(read.enterpriseToken()).isEqualTo(expected.enterpriseToken());
      assertThat(world.appCredentials().toString()).doesNotContain("PRIVATE KEY");
    }
  }

  @Test
  void spotInterruptionsKillRunningJobsAndCapacityOutagesHoldForTheirWindow() throws Exception {
    Scenario scenario = scenario("""
        faults:
          spotInterruptionsPerHour: 360
          insufficientCapacity: [{instanceType: c7i.large, capacityType: spot, from: 1m, to: 3m}]
        """);
    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.stepped())) {
      AppGitHubRunners adapter = adapter(world);
      world.start();
      RunnerPoolSpec linux = scenario.pools().get(0).getSpec();
      for (String runner : List.of("linux-aaaaa", "linux-bbbbb")) {
        String instanceId = world.cloud().launch(request(runner, linux)).instanceId();
        JitConfig jit = adapter.createJitConfig(ACME, new JitConfigRequest(runner, 1,
            List.of("self-hosted", "linux", "x64", "docker"), null));
        world.cloud().handOffRunnerConfig(new RunnerConfigKey("ci", "linux", instanceId), jit.encodedConfig());
      }

      // Instances run at 5 s and take their jobs at once; interruptions are drawn every 10 s.
      world.advance(Duration.ofSeconds(150));

      assertThat(world.faults().interrupted()).hasSize(2);
      assertThat(world.jobOutcomes()).hasSize(2).allSatisfy(outcome -> {
        assertThat(outcome.served()).isFalse();
        assertThat(outcome.killedAttempts()).isEqualTo(1);
      });
      RunnerPoolSpec otherType = Serialization.clone(linux);
      otherType.getEc2().setInstanceTypes(List.of("c7i.large"));
      assertThatThrownBy(() -> world.cloud().launch(request("linux-ccccc", otherType)))
          .isInstanceOf(CloudException.InsufficientCapacity.class);
      world.advance(Duration.ofSeconds(31));
      assertThat(world.cloud().launch(request("linux-ddddd", otherType)).instanceType()).isEqualTo("c7i.large");

      SandboxReport report = world.report("manual", List.of());
      assertThat(report.jobs()).isEqualTo(new SandboxReport.Jobs(2, 0, 2));
      // Killed runners stay registered offline until someone deletes them; the new instance is still alive.
      assertThat(report.leaks().registrations()).isEqualTo(2);
      assertThat(report.leaks().instances()).isEqualTo(1);
      assertThat(report.pools()).extracting(SandboxReport.Pool::name).containsExactly("linux", "tools", "gpu");
      assertThat(report.pools().get(0).peakRunners()).isEqualTo(2);
    }
  }

  @Test
  void apiErrorAndWebhookDropRatesReachTheSimulatedServices() throws Exception {
    Scenario scenario = scenario("""
        faults:
          apiErrorRate: 1
          webhookDropRate: 1
        """);
    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.stepped())) {
      world.sendWebhooksTo(URI.create("http://127.0.0.1:9/webhook"));
      world.start();
      world.advance(Duration.ofSeconds(1));

      assertThatThrownBy(() -> world.cloudApi().listInstances()).isInstanceOf(CloudException.class)
          .hasMessageContaining("InternalError");
      assertThatThrownBy(() -> adapter(world).listRunners(ACME)).isInstanceOf(GitHubException.class)
          .hasMessageContaining("502");
      await().atMost(Duration.ofSeconds(10)).until(() -> world.webhooks().pending() == 0);
      assertThat(world.github().deliveries()).hasSize(2)
          .allSatisfy(delivery -> assertThat(delivery.status()).isEqualTo("failed to connect"));
    }
  }

  private static LaunchRequest request(String runner, RunnerPoolSpec spec) {
    return new LaunchRequest("ci", "linux", runner, UUID.randomUUID().toString(), CapacityType.SPOT, spec, Set.of());
  }

  private static AppGitHubRunners adapter(SimulatedWorld world) throws GitHubException {
    return AppGitHubRunners.create(world.appCredentials().toGitHubAppCredentials(), HttpClient.newHttpClient(),
        world.clock(), GitHubCallListener.NONE);
  }

  private static Scenario scenario(String faults) throws Exception {
    return ScenarioLoader.parse(SCENARIO.replace("FAULTS", faults), Path.of("."), "world");
  }
}
