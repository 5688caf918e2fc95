package dev.ec2runner.operator.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.S3Distribution;
import dev.ec2runner.operator.cloud.aws.AwsClientFactory;
import dev.ec2runner.operator.cloud.aws.Ec2CloudSettings;
import dev.ec2runner.operator.cloud.aws.Ec2RunnerCloud;
import dev.ec2runner.operator.cloud.aws.RunnerBinaryMirror;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * A pool that installs from the S3 mirror boots end to end: the mirror copies the runner archive into moto's S3,
 * the operator launches from it (with GitHub already publishing a newer release), and the user data of the launch
 * template moto holds runs against stubs whose {@code aws s3 cp} reads moto's S3, so the key the operator writes
 * is the one the script reads and the checksum it verifies is the mirrored archive's.
 */
class MirroredBootIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "runner-mirror";
  private static final String MIRRORED = "actions-runner-linux-x64-2.330.0.tar.gz";
  private static final String JIT = "eyJqaXQiOiJtaXJyb3IifQ==";

  @TempDir
  Path tmp;
  private AwsClientFactory clients;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory();
    clients.forRegion(MotoServer.REGION).s3().createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c
        .locationConstraint(BucketLocationConstraint.fromValue(MotoServer.REGION))));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void anInstanceOfAnS3PoolFetchesTheMirroredArchiveAtTheKeyTheOperatorWroteAndRunsIt() throws Exception {
    BootstrapSandbox sandbox = new BootstrapSandbox(tmp);
    byte[] archive = sandbox.runnerArchive(0);
    sandbox.serveArchive("what GitHub's URL would serve: never fetched".getBytes(StandardCharsets.UTF_8));
    RunnerDownload release = new RunnerDownload("linux", "x64",
        "https://github.com/actions/runner/releases/download/v2.330.0/" + MIRRORED, MIRRORED, sha256(archive));
    new RunnerBinaryMirror(clients, url -> new ByteArrayInputStream(archive)).sync(
        RunnerMirrorLocation.of(new S3Distribution().withBucket(BUCKET), MotoServer.REGION, MIRRORED), release);
    RunnerDownload newerOnGitHub = new RunnerDownload("linux", "x64",
        "https://github.com/actions/runner/releases/download/v2.331.0/actions-runner-linux-x64-2.331.0.tar.gz",
        "actions-runner-linux-x64-2.331.0.tar.gz", sha256("2.331.0".getBytes(StandardCharsets.UTF_8)));
    Ec2RunnerCloud cloud = new Ec2RunnerCloud(clients, (namespace, pool, spec) -> newerOnGitHub,
        new UserDataRenderer(), Clock.systemUTC(), Ec2CloudSettings.defaults());
    Ec2Client ec2 = clients.forRegion(MotoServer.REGION).ec2();
    RunnerPoolSpec spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
    spec.getRunner().setDistribution(new RunnerDistribution().withSource("s3")
        .withS3(new S3Distribution().withBucket(BUCKET)));

    cloud.launch(AwsTestPools.launch("linux", spec));
    sandbox.storeJitConfig(JIT, 0);
    sandbox.fetchS3From(MotoServer.pythonExecutable(), MOTO.endpoint());
    int status = sandbox.run(userDataOfTheLaunchTemplate(ec2));

    List<String> calls = sandbox.calls();
    assertThat(status).as(sandbox.console()).isZero();
    assertThat(calls).contains("aws s3 cp --region " + MotoServer.REGION + " --only-show-errors s3://" + BUCKET
        + "/actions-runner/" + MIRRORED + " " + sandbox.root + "/var/lib/ec2runner/" + MIRRORED);
    assertThat(calls).as("the runner ran, so the archive matched the checksum the operator rendered")
        .anyMatch(call -> call.startsWith("run.sh --jitconfig " + JIT));
    assertThat(calls).noneMatch(call -> call.contains("github.com"));
    assertThat(sandbox.logFile()).doesNotContain("checksum mismatch");
  }

  private static String userDataOfTheLaunchTemplate(Ec2Client ec2) {
    String id = ec2.describeLaunchTemplates().launchTemplates().get(0).launchTemplateId();
    String base64 = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id).versions("$Latest"))
        .launchTemplateVersions().get(0).launchTemplateData().userData();
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
