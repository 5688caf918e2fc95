package dev.ec2runner.operator.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.cloud.aws.AwsClientFactory;
import dev.ec2runner.operator.cloud.aws.Ec2CloudSettings;
import dev.ec2runner.operator.cloud.aws.Ec2RunnerCloud;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.github.fake.SimulatedRunner;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.ScopeRegistry;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import dev.ec2runner.operator.testsupport.MutableClock;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Two installations (a production and a staging cluster) sharing one AWS account and region (moto) and one GitHub
 * organization, each with namespace {@code ci} and pool {@code linux}. One installation's garbage collection and
 * launch-template pruning, driven observation by observation, removes its own orphans and leaves the other's
 * instances, launch templates, runner configurations and registrations alone, as well as an instance hand-tagged
 * with its own managed tags and what a release before installations had identities left behind.
 */
class TwoInstallationsCleanupIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, TestResources.ORG);

  /** No operator process: this installation's garbage collector is driven by hand. */
  @RegisterExtension
  final OperatorExtension extension = OperatorExtension.of(OperatorWorld.builder().withoutOperator().withoutAgents()
      .withoutAppSecret().realTimeClock());
  @Operated
  private OperatorWorld world;
  private MutableClock clock;
  private FakeGitHub gitHub;
  private AwsClientFactory aws;
  private Ec2Client ec2;
  private RunnerPoolSpec spec;

  @BeforeEach
  void start() throws Exception {
    MOTO.reset();
    clock = world.clock();
    gitHub = world.gitHub();
    aws = MOTO.clientFactory();
    ec2 = aws.forRegion(MotoServer.REGION).ec2();
    spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @ParameterizedTest(name = "{0} cleans up beside {1}")
  @CsvSource({"prod, staging", "staging, prod"})
  void eachInstallationCleansUpOnlyWhatItLaunched(String ourId, String theirId) throws Exception {
    InstallationId ours = new InstallationId(ourId);
    InstallationId theirs = new InstallationId(theirId);
    Ec2RunnerCloud ourCloud = cloud(ours);
    Ec2RunnerCloud theirCloud = cloud(theirs);
    // Each installation launched a runner whose Runner is gone (in its own cluster), stored a configuration whose
    // instance is gone, and left a registration no Runner owns.
    String ourOrphan = ourCloud.launch(AwsTestPools.launch("linux", spec)).instanceId();
    String theirOrphan = theirCloud.launch(AwsTestPools.launch("linux", spec)).instanceId();
    RunnerConfigKey ourConfig = new RunnerConfigKey("ci", "linux", "i-0aaaaaaaaaaaaaaa1", MotoServer.REGION);
    RunnerConfigKey theirConfig = new RunnerConfigKey("ci", "linux", "i-0aaaaaaaaaaaaaaa2", MotoServer.REGION);
    ourCloud.handOffRunnerConfig(ourConfig, Sensitive.of("ours"));
    theirCloud.handOffRunnerConfig(theirConfig, Sensitive.of("theirs"));
    long ourRegistration = register("linux-aaaaa", ours.runnerLabel());
    long theirRegistration = register("linux-bbbbb", theirs.runnerLabel());
    // Someone tagged an instance with our managed tags; an earlier release left an instance and a registration.
    String handTagged = AwsTestPools.runTaggedInstance(aws, Map.of("ec2runner.dev/managed", "true",
        "ec2runner.dev/installation", ourId, "ec2runner.dev/namespace", "ci", "ec2runner.dev/pool", "linux",
        "ec2runner.dev/runner-uid", "no-runner"), "#!/bin/sh\necho a database server\n");
    String earlier = AwsTestPools.runTaggedInstance(aws, Map.of("ec2runner.dev/managed", "true",
        "ec2runner.dev/namespace", "ci", "ec2runner.dev/pool", "linux", "ec2runner.dev/runner-uid",
        "runner-of-an-earlier-release"), "#!/bin/sh\nEC2RUNNER_NAMESPACE='ci'\nEC2RUNNER_POOL='linux'\n");
    long earlierRegistration = gitHub.addForeignRegistration(ORG, "linux-ccccc", false,
        List.of("self-hosted", "linux", "x64"));
    String earlierTemplate = ec2.createLaunchTemplate(r -> r.launchTemplateName("ec2runner-0123456789abcdef01234567")
        .launchTemplateData(d -> d.instanceType("m5.large"))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE)
            .tags(tag("ec2runner.dev/managed", "true"), tag("ec2runner.dev/namespace", "ci"),
                tag("ec2runner.dev/pool", "linux")).build()))
        .launchTemplate().launchTemplateName();
    List<String> templatesBefore = templateNames();

    collectGarbage(ourCloud, ours);
    // Templates younger than the minimum age are kept; the clock started before they were created (moto stamps
    // them with the wall clock), however long the set-up took.
    clock.set(Instant.now().plus(Duration.ofMinutes(1)));
    List<String> pruned = ourCloud.pruneLaunchTemplates(Set.of());

    assertThat(state(ourOrphan)).isIn(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED);
    assertThat(state(theirOrphan)).isEqualTo(InstanceStateName.RUNNING);
    assertThat(state(handTagged)).isEqualTo(InstanceStateName.RUNNING);
    assertThat(state(earlier)).isEqualTo(InstanceStateName.RUNNING);
    assertThat(parameterNames()).containsExactly("/ec2runner/" + theirId + "/ci/linux/i-0aaaaaaaaaaaaaaa2");
    assertThat(gitHub.registrations()).extracting(SimulatedRunner::id)
        .containsExactlyInAnyOrder(theirRegistration, earlierRegistration).doesNotContain(ourRegistration);
    assertThat(templatesBefore).hasSize(3);
    assertThat(pruned).singleElement().satisfies(name -> assertThat(name).startsWith("ec2runner-" + ourId + "-"));
    assertThat(templateNames()).containsExactlyInAnyOrderElementsOf(templatesBefore.stream()
        .filter(name -> !pruned.contains(name)).toList())
        .contains(earlierTemplate).anySatisfy(name -> assertThat(name).startsWith("ec2runner-" + theirId + "-"));
  }

  private Ec2RunnerCloud cloud(InstallationId installation) {
    return new Ec2RunnerCloud(aws, AwsTestPools.fixedDownloads(), new UserDataRenderer(), clock,
        Ec2CloudSettings.defaults().withInstallation(installation).withLaunchTemplateMinAge(Duration.ZERO));
  }

  /**
   * This installation's garbage collector over three observations: something is an orphan only when two agree,
   * and a registration only when a newer listing confirms it.
   */
  private void collectGarbage(Ec2RunnerCloud cloud, InstallationId installation) {
    ScopeRegistry scopes = new ScopeRegistry();
    scopes.register(new ScopeRegistry.PoolRef("ci", "linux"), ORG, gitHub);
    try (Observations observations = new Observations(cloud, scopes, clock, Duration.ofMinutes(1))) {
      observations.addListener(new GarbageCollector(world.client(), cloud, scopes,
          new EventRecorder(world.client(), clock, Duration.ofMinutes(5)),
          new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), Set.of(), installation));
      for (int i = 0; i < 3; i++) {
        observations.refresh();
      }
    }
  }

  private long register(String name, String installationLabel) throws Exception {
    return gitHub.createJitConfig(ORG, new JitConfigRequest(name, 1, List.of("self-hosted", "linux", "x64",
        installationLabel), "_work")).runnerId();
  }

  private InstanceStateName state(String instanceId) {
    return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
        .name();
  }

  private List<String> parameterNames() {
    return aws.forRegion(MotoServer.REGION).ssm().getParametersByPath(r -> r.path("/ec2runner").recursive(true))
        .parameters().stream().map(Parameter::name).toList();
  }

  private List<String> templateNames() {
    return ec2.describeLaunchTemplates().launchTemplates().stream().map(LaunchTemplate::launchTemplateName).toList();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
