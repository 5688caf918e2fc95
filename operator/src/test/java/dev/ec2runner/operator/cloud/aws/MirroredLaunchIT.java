package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.S3Distribution;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * Launches of a pool that installs from the S3 mirror use the archive the mirror holds, against moto: GitHub may
 * already publish a newer release that the mirror copies only at its next pass, and an empty mirror launches nothing.
 */
class MirroredLaunchIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "runner-mirror";

  private AwsClientFactory clients;
  private Ec2Client ec2;
  /** What GitHub publishes now: a release newer than the one mirrored. */
  private final RunnerDownload gitHubLatest = release("2.331.0");
  private Ec2RunnerCloud cloud;
  private RunnerPoolSpec spec;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory();
    ec2 = clients.forRegion(MotoServer.REGION).ec2();
    clients.forRegion(MotoServer.REGION).s3().createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c
        .locationConstraint(BucketLocationConstraint.fromValue(MotoServer.REGION))));
    cloud = new Ec2RunnerCloud(clients, (namespace, pool, poolSpec) -> gitHubLatest, new UserDataRenderer(),
        Clock.systemUTC(), Ec2CloudSettings.defaults());
    spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
    spec.getRunner().setDistribution(new RunnerDistribution().withSource("s3")
        .withS3(new S3Distribution().withBucket(BUCKET)));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void aLaunchInstallsTheNewestArchiveTheMirrorHoldsNotGitHubsNewerRelease() throws Exception {
    mirror(release("2.329.0"));
    RunnerDownload mirrored = mirror(release("2.330.0"));

    cloud.launch(AwsTestPools.launch("linux", spec));

    assertThat(userData()).contains("RUNNER_FILENAME='" + mirrored.filename() + "'",
        "RUNNER_SHA256='" + mirrored.sha256() + "'",
        "RUNNER_S3_URI='s3://" + BUCKET + "/actions-runner/" + mirrored.filename() + "'",
        "RUNNER_URL='" + mirrored.downloadUrl() + "'").doesNotContain(gitHubLatest.filename());
  }

  @Test
  void aPinnedVersionIsTakenFromTheMirrorOnlyOnceItHoldsThatVersion() throws Exception {
    spec.getRunner().setVersion("2.329.0");
    mirror(release("2.330.0"));

    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.RunnerMirrorEmpty.class).hasMessageContaining("of version 2.329.0");

    RunnerDownload pinned = mirror(release("2.329.0"));
    cloud.launch(AwsTestPools.launch("linux", spec));
    assertThat(userData()).contains("RUNNER_FILENAME='" + pinned.filename() + "'");
  }

  @Test
  void anEmptyMirrorLaunchesNothingAndSaysWhyUntilTheArchiveIsThere() throws Exception {
    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.RunnerMirrorEmpty.class)
        .hasMessageContaining("s3://" + BUCKET + "/actions-runner/").hasMessageContaining("linux/x64");
    assertThat(ec2.describeInstances().reservations()).as("no instance launched").isEmpty();

    RunnerDownload mirrored = mirror(release("2.330.0"));
    cloud.launch(AwsTestPools.launch("linux", spec));

    assertThat(ec2.describeInstances().reservations()).hasSize(1);
    assertThat(userData()).contains("RUNNER_SHA256='" + mirrored.sha256() + "'");
  }

  /** The mirror's own copy of a release (its content is its name), as a housekeeping pass makes it. */
  private RunnerDownload mirror(RunnerDownload release) throws Exception {
    byte[] content = release.filename().getBytes(StandardCharsets.UTF_8);
    new RunnerBinaryMirror(clients, url -> new ByteArrayInputStream(content)).sync(
        new RunnerMirrorLocation(BUCKET, "actions-runner/" + release.filename(), MotoServer.REGION), release);
    return release;
  }

  private static RunnerDownload release(String version) {
    String filename = "actions-runner-linux-x64-" + version + ".tar.gz";
    try {
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(filename.getBytes(StandardCharsets.UTF_8)));
      return new RunnerDownload("linux", "x64",
          "https://github.com/actions/runner/releases/download/v" + version + "/" + filename, filename, sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The user data of the pool's launch template (each test launches from one). */
  private String userData() {
    assertThat(ec2.describeLaunchTemplates().launchTemplates()).hasSize(1);
    String id = ec2.describeLaunchTemplates().launchTemplates().get(0).launchTemplateId();
    String base64 = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)
        .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData().userData();
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
