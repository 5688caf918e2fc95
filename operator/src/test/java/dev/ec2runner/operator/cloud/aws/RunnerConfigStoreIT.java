package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

class RunnerConfigStoreIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private AwsClientFactory clients;
  private SsmClient ssm;
  private Ec2RunnerCloud cloud;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory();
    ssm = clients.forRegion(MotoServer.REGION).ssm();
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void storesTheConfigurationAsASecureStringAtTheInstancesPath() throws Exception {
    RunnerConfigKey key = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0");

    cloud.handOffRunnerConfig(key, Sensitive.of("first-config"));
    cloud.handOffRunnerConfig(key, Sensitive.of("second-config"));

    Parameter parameter = ssm.getParameter(r -> r.name("/ec2runner/default/ci/linux/i-0123456789abcdef0")
        .withDecryption(true)).parameter();
    assertThat(parameter.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(parameter.value()).isEqualTo("second-config");
    assertThat(parameter.version()).isEqualTo(2L);
  }

  @Test
  void tagsTheConfigurationWithTheArnOfItsInstanceAlsoWhenItIsStoredAgain() throws Exception {
    RunnerConfigKey key = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0");
    String arn = "arn:aws:ec2:" + MotoServer.REGION + ":123456789012:instance/i-0123456789abcdef0";

    cloud.handOffRunnerConfig(key, Sensitive.of("first-config"));
    assertThat(tags("/ec2runner/default/ci/linux/i-0123456789abcdef0"))
        .as("what the instance policy's ${ec2:SourceInstanceARN} condition compares")
        .containsEntry("ec2runner.dev/instance-arn", arn);

    ssm.removeTagsFromResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
        .resourceId("/ec2runner/default/ci/linux/i-0123456789abcdef0").tagKeys("ec2runner.dev/instance-arn"));
    cloud.handOffRunnerConfig(key, Sensitive.of("second-config"));
    assertThat(tags("/ec2runner/default/ci/linux/i-0123456789abcdef0")).containsEntry("ec2runner.dev/instance-arn", arn);
  }

  private Map<String, String> tags(String parameter) {
    return ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(parameter))
        .tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void listsStoredConfigurationsAndIgnoresForeignParameters() throws Exception {
    // Listed keys say where each configuration is stored, so that its deletion goes to that region.
    RunnerConfigKey a = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0", MotoServer.REGION);
    RunnerConfigKey b = new RunnerConfigKey("team-b", "arm", "i-0fedcba9876543210", MotoServer.REGION);
    cloud.handOffRunnerConfig(a, Sensitive.of("a"));
    cloud.handOffRunnerConfig(b, Sensitive.of("b"));
    ssm.putParameter(r -> r.name("/ec2runner/not-a-runner").value("x").type(ParameterType.STRING));
    ssm.putParameter(r -> r.name("/other/ci/linux/i-0123456789abcdef1").value("x").type(ParameterType.STRING));

    assertThat(cloud.listRunnerConfigs()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void aFreshProcessHandsOverAndDeletesInTheRegionTheRunnerRecordedNotItsDefaultOne() throws Exception {
    // This process never launched nor listed anything in eu-central-1: only the key says where the instance runs.
    String other = "eu-central-1";
    RunnerConfigKey key = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0", other);
    SsmClient otherSsm = clients.forRegion(other).ssm();
    String name = "/ec2runner/default/ci/linux/i-0123456789abcdef0";

    cloud.handOffRunnerConfig(key, Sensitive.of("config"));

    assertThat(otherSsm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value()).isEqualTo("config");
    assertThat(ssm.getParametersByPath(r -> r.path("/ec2runner").recursive(true)).parameters()).isEmpty();
    Map<String, String> tags = otherSsm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
        .resourceId(name)).tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(tags).containsEntry("ec2runner.dev/instance-arn",
        "arn:aws:ec2:" + other + ":123456789012:instance/i-0123456789abcdef0");

    cloud.deleteRunnerConfig(key);

    assertThatThrownBy(() -> otherSsm.getParameter(r -> r.name(name))).isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void deletesAConfigurationAndTreatsAMissingOneAsDeleted() throws Exception {
    RunnerConfigKey key = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0");
    cloud.handOffRunnerConfig(key, Sensitive.of("config"));

    cloud.deleteRunnerConfig(key);
    cloud.deleteRunnerConfig(key);

    assertThat(cloud.listRunnerConfigs()).isEmpty();
    assertThatThrownBy(() -> ssm.getParameter(r -> r.name(
        RunnerConfigStore.parameterName(InstallationId.DEFAULT, key))))
        .isInstanceOf(ParameterNotFoundException.class);
  }
}
