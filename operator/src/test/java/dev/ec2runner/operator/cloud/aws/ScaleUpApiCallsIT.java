package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Measures the AWS requests one runner's scale-up costs: launch plus JIT configuration hand-off. */
class ScaleUpApiCallsIT {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleUpApiCallsIT.class);

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private final AwsCallCounts calls = new AwsCallCounts();
  private AwsClientFactory clients;
  private Ec2RunnerCloud cloud;
  private RunnerPoolSpec spec;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory(calls);
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
    spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(clients.forRegion(MotoServer.REGION).ec2()),
        "m5.large", "m6i.large");
    calls.reset();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void theFirstRunnerOfAPoolResolvesItsSettingsOnceAndLaterRunnersCostTwoCalls() throws Exception {
    scaleUpOne();
    Map<String, Long> first = calls.snapshot();
    calls.reset();
    scaleUpOne();
    Map<String, Long> next = calls.snapshot();
    LOG.info("AWS requests for the first runner of a pool: {}", first);
    LOG.info("AWS requests for each further runner: {}", next);

    assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ssm:GetParameter", 1L,
        "ec2:DescribeImages", 1L,
        "ec2:DescribeSubnets", 1L,
        "ec2:CreateLaunchTemplate", 1L,
        "ec2:CreateFleet", 1L,
        "sts:GetCallerIdentity", 1L,
        "ssm:PutParameter", 1L));
    assertThat(next).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ec2:CreateFleet", 1L,
        "ssm:PutParameter", 1L));
  }

  private void scaleUpOne() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", spec));
    cloud.handOffRunnerConfig(new RunnerConfigKey("ci", "linux", launched.instanceId()), Sensitive.of("jit"));
  }
}
