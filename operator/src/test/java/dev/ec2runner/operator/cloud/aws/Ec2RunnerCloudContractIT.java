package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerCloudContract;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** The contract against the real adapter on moto, where instances run and terminate at once. */
class Ec2RunnerCloudContractIT extends RunnerCloudContract {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private AwsClientFactory clients;
  private Ec2RunnerCloud cloud;
  private Ec2RunnerCloud otherCloud;
  private List<String> subnets;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory();
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
    otherCloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults().withInstallation(OTHER));
    subnets = AwsTestPools.defaultSubnetIds(clients.forRegion(MotoServer.REGION).ec2());
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Override
  protected String configRegion() {
    return MotoServer.REGION;
  }

  @Override
  protected RunnerCloud cloud() {
    return cloud;
  }

  @Override
  protected RunnerPoolSpec poolSpec(String... instanceTypes) {
    return AwsTestPools.spec(subnets, instanceTypes);
  }

  @Override
  protected String instanceOfOtherInstallation() throws Exception {
    return otherCloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large"))).instanceId();
  }

  @Override
  protected void storeConfigOfOtherInstallation(RunnerConfigKey key) throws Exception {
    otherCloud.handOffRunnerConfig(key, Sensitive.of("theirs"));
  }

  /** Run outside any launch template, with this installation's tags but no user data of its own. */
  @Override
  protected String handTaggedInstance(String runnerUid) {
    return AwsTestPools.runTaggedInstance(clients, Map.of("ec2runner.dev/managed", "true",
        "ec2runner.dev/installation", "default", "ec2runner.dev/namespace", "ci", "ec2runner.dev/pool", "linux",
        "ec2runner.dev/runner", "linux-hand1", "ec2runner.dev/runner-uid", runnerUid),
        "#!/bin/sh\necho a database server\n");
  }

  /** Tagged and rendered as releases before installations had identities did: no installation anywhere. */
  @Override
  protected String instanceOfEarlierRelease(String runnerUid) {
    return AwsTestPools.runTaggedInstance(clients, Map.of("ec2runner.dev/managed", "true",
        "ec2runner.dev/namespace", "ci", "ec2runner.dev/pool", "linux", "ec2runner.dev/runner", "linux-old01",
        "ec2runner.dev/runner-uid", runnerUid), "#!/bin/sh\nEC2RUNNER_NAMESPACE='ci'\nEC2RUNNER_POOL='linux'\n");
  }

  @Override
  protected boolean running(String instanceId) {
    return clients.forRegion(MotoServer.REGION).ec2().describeInstances(r -> r.instanceIds(instanceId))
        .reservations().get(0).instances().get(0).state().name() == InstanceStateName.RUNNING;
  }

  @Override
  protected void letInstancesBoot() {
    // moto shows no pending state: instances run as soon as they are launched.
  }

  @Override
  protected void letTerminationsFinish() {
    // moto terminates at once.
  }
}
