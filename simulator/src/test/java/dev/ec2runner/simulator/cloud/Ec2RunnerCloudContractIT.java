package dev.ec2runner.simulator.cloud;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.aws.AwsClientFactory;
import dev.ec2runner.operator.cloud.aws.Ec2CloudSettings;
import dev.ec2runner.operator.cloud.aws.Ec2RunnerCloud;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against the real adapter on moto, where instances run and terminate at once. */
class Ec2RunnerCloudContractIT extends RunnerCloudContract {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private AwsClientFactory clients;
  private Ec2RunnerCloud cloud;
  private List<String> subnets;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory();
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
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
  protected void letInstancesBoot() {
    // moto shows no pending state: instances run as soon as they are launched.
  }

  @Override
  protected void letTerminationsFinish() {
    // moto terminates at once.
  }
}
