package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;

class InstanceObservationIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private final AwsCallCounts calls = new AwsCallCounts();
  private AwsClientFactory clients;
  private Ec2Client ec2;
  private Ec2RunnerCloud cloud;
  private RunnerPoolSpec spec;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory(calls);
    ec2 = clients.forRegion(MotoServer.REGION).ec2();
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults().withDescribePageSize(5));
    spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void listsEveryLiveManagedInstanceAcrossPagesAndNothingElse() throws Exception {
    List<LaunchRequest> requests = IntStream.range(0, 7).mapToObj(i -> AwsTestPools.launch("linux", spec)).toList();
    List<String> ids = new ArrayList<>();
    for (LaunchRequest request : requests) {
      ids.add(cloud.launch(request).instanceId());
    }
    String gone = cloud.launch(AwsTestPools.launch("linux", spec)).instanceId();
    ec2.terminateInstances(r -> r.instanceIds(gone));
    String image = clients.forRegion(MotoServer.REGION).ssm()
        .getParameter(r -> r.name(AwsTestPools.AL2023_PARAMETER)).parameter().value();
    ec2.runInstances(r -> r.imageId(image).instanceType("m5.large").minCount(1).maxCount(1));
    calls.reset();

    List<CloudInstance> listed = cloud.listInstances();

    assertThat(listed).extracting(CloudInstance::instanceId).containsExactlyInAnyOrderElementsOf(ids);
    // moto pages by reservation, one per fleet: 7 instances at 5 per page take two pages; one more call asks for
    // terminated instances EC2 ended itself (the one terminated here was ended by a client, so it is not listed).
    assertThat(calls.count("ec2:DescribeInstances")).isEqualTo(3);
    CloudInstance first = listed.stream().filter(i -> i.instanceId().equals(ids.get(0))).findFirst().orElseThrow();
    assertThat(first.namespace()).isEqualTo("ci");
    assertThat(first.pool()).isEqualTo("linux");
    assertThat(first.runnerName()).isEqualTo(requests.get(0).runnerName());
    assertThat(first.runnerUid()).isEqualTo(requests.get(0).idempotencyToken());
    assertThat(first.capacityType()).isEqualTo(CapacityType.SPOT);
    assertThat(first.state()).isEqualTo(CloudInstance.InstanceState.RUNNING);
    assertThat(first.instanceType()).isEqualTo("m5.large");
    assertThat(first.availabilityZone()).startsWith(MotoServer.REGION);
    assertThat(first.privateIp()).isNotBlank();
    assertThat(first.launchTime()).isNotNull();
  }

  @Test
  void terminatesKnownInstancesAndTreatsUnknownIdsAsDone() throws Exception {
    LaunchedInstance a = cloud.launch(AwsTestPools.launch("linux", spec));
    LaunchedInstance b = cloud.launch(AwsTestPools.launch("linux", spec));
    LaunchedInstance kept = cloud.launch(AwsTestPools.launch("linux", spec));
    calls.reset();

    cloud.terminate(List.of(a.instanceId(), "i-0123456789abcdef0", b.instanceId(), "not-an-instance-id"));

    assertThat(cloud.listInstances()).extracting(CloudInstance::instanceId).containsExactly(kept.instanceId());
    // The first call fails on the unknown id; the retry without it succeeds.
    assertThat(calls.count("ec2:TerminateInstances")).isEqualTo(2);
  }

  @Test
  void terminatesInBatchesOfAtMostAThousand() throws Exception {
    LaunchedInstance real = cloud.launch(AwsTestPools.launch("linux", spec));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      ids.add(String.format("i-%017x", i + 1));
    }
    ids.add(real.instanceId());
    calls.reset();

    cloud.terminate(ids);

    assertThat(cloud.listInstances()).isEmpty();
    // Batch 1: 1000 unknown ids, one call. Batch 2: 500 unknown plus the real one, a failed call and a retry.
    assertThat(calls.count("ec2:TerminateInstances")).isEqualTo(3);
  }

  @Test
  void terminatingNothingOrOnlyUnknownIdsSucceeds() throws Exception {
    cloud.terminate(List.of());
    cloud.terminate(List.of("i-0123456789abcdef0"));

    assertThat(calls.count("ec2:TerminateInstances")).isEqualTo(1);
  }
}
