package dev.ec2runner.operator.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.S3Distribution;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the rendered bootstrap script under sh against stub commands and checks what it did. */
class BootstrapScriptIT {

  private static final String JIT = "eyJqaXQiOiJjb25maWcifQ==";
  private static final String PARAMETER = "/ec2runner/staging/ci/linux/" + BootstrapSandbox.INSTANCE_ID;

  @TempDir
  Path tmp;
  private BootstrapSandbox sandbox;
  private byte[] archive;
  private final UserDataRenderer renderer = new UserDataRenderer();

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new BootstrapSandbox(tmp);
    archive = sandbox.runnerArchive(0);
  }

  @Test
  void installsTheRunnerTakesItsConfigurationRunsItAsTheRunnerUserAndShutsDown() throws Exception {
    sandbox.storeJitConfig(JIT, 2);
    String script = renderer.renderScript(settings(Optional.empty(), true, "echo pre-job 'quoted'",
        "echo post-job"));

    int status = sandbox.run(script);

    List<String> calls = sandbox.calls();
    assertThat(status).as(sandbox.console()).isZero();
    assertThat(calls).first().asString().startsWith("curl").contains("-X PUT http://169.254.169.254/latest/api/token");
    assertThat(calls).contains(
        "curl -fsS --retry 5 --retry-connrefused -H X-aws-ec2-metadata-token: " + BootstrapSandbox.IMDS_TOKEN
            + " http://169.254.169.254/latest/meta-data/instance-id",
        "systemctl enable --now docker",
        "useradd --create-home --shell /bin/sh runner",
        "usermod -aG docker runner",
        "curl -fsSL --retry 5 --retry-connrefused -o " + sandbox.root + "/var/lib/ec2runner/"
            + AwsTestPools.LINUX_X64.filename() + " " + AwsTestPools.LINUX_X64.downloadUrl(),
        "chown -R runner:runner " + sandbox.root + "/opt/actions-runner",
        "aws ssm delete-parameter --region eu-west-1 --name " + PARAMETER);
    // Two polls found nothing; the third got the configuration.
    assertThat(calls).filteredOn(call -> call.startsWith("aws ssm get-parameter")).hasSize(3)
        .allMatch(call -> call.contains("--name " + PARAMETER) && call.contains("--with-decryption"));
    assertThat(calls).filteredOn(call -> call.startsWith("sleep")).containsExactly("sleep 3", "sleep 3");
    String hooks = "started=" + sandbox.root + "/opt/actions-runner/hooks/job-started.sh completed="
        + sandbox.root + "/opt/actions-runner/hooks/job-completed.sh";
    assertThat(calls).contains("run.sh --jitconfig " + JIT + " " + hooks);
    assertThat(calls).filteredOn(call -> call.startsWith("runuser")).singleElement().asString()
        .startsWith("runuser -u runner -- env ");
    assertThat(calls).last().isEqualTo("shutdown -h now");
    assertThat(sandbox.jitConfigStored()).isFalse();
    assertThat(Files.readString(sandbox.root.resolve("opt/actions-runner/hooks/job-started.sh")))
        .isEqualTo("echo pre-job 'quoted'\n");
    assertThat(sandbox.logFile()).contains("runner exited with status 0").doesNotContain(JIT);
    assertThat(sandbox.console()).contains("runner configuration received and deleted from SSM");
  }

  @Test
  void withoutDockerAccessDockerIsNeitherInstalledNorStartedAndTheRunnerUserIsNotInTheDockerGroup() throws Exception {
    Files.delete(sandbox.bin.resolve("docker"));
    sandbox.storeJitConfig(JIT, 0);

    int status = sandbox.run(renderer.renderScript(settings(Optional.empty(), false, "", "")));

    assertThat(status).as(sandbox.console()).isZero();
    assertThat(sandbox.calls()).contains("useradd --create-home --shell /bin/sh runner")
        .noneMatch(call -> call.contains("docker"));
    assertThat(sandbox.calls()).filteredOn(call -> call.startsWith("runuser")).singleElement().asString()
        .startsWith("runuser -u runner -- env ");
    assertThat(sandbox.logFile()).contains("no Docker access for jobs (spec.runner.dockerAccess is false)");
  }

  @Test
  void aPoolGetsDockerAccessOnlyWhenItAsksForIt() {
    RunnerPoolSpec spec = AwsTestPools.spec(List.of("subnet-0123456789abcdef0"), "m5.large");

    assertThat(BootstrapSettings.forPool("staging", "ci", "linux", spec, AwsTestPools.LINUX_X64).dockerAccess())
        .isFalse();
    spec.getRunner().setDockerAccess(true);
    assertThat(BootstrapSettings.forPool("staging", "ci", "linux", spec, AwsTestPools.LINUX_X64).dockerAccess())
        .isTrue();
  }

  @Test
  void refusesAnArchiveWhoseChecksumDiffersAndStillShutsDown() throws Exception {
    sandbox.storeJitConfig(JIT, 0);
    sandbox.serveArchive("not the runner".getBytes(StandardCharsets.UTF_8));

    int status = sandbox.run(renderer.renderScript(settings(Optional.empty(), false, "", "")));

    List<String> calls = sandbox.calls();
    assertThat(status).isNotZero();
    assertThat(sandbox.logFile()).contains("checksum mismatch", "refusing to run it");
    assertThat(calls).noneMatch(call -> call.startsWith("runuser") || call.startsWith("run.sh"));
    assertThat(calls).noneMatch(call -> call.startsWith("aws ssm get-parameter"));
    // The unused configuration is deleted on the way out, so it cannot be picked up by anyone else.
    assertThat(calls).contains("aws ssm delete-parameter --region eu-west-1 --name " + PARAMETER);
    assertThat(sandbox.jitConfigStored()).isFalse();
    assertThat(calls).last().isEqualTo("shutdown -h now");
  }

  @Test
  void givesUpAfterTheBoundedWaitWhenNoConfigurationArrives() throws Exception {
    int status = sandbox.run(renderer.renderScript(settings(Optional.empty(), false, "", "")));

    assertThat(status).isNotZero();
    // 30 s at a 3 s interval: ten polls.
    assertThat(sandbox.calls()).filteredOn(call -> call.startsWith("aws ssm get-parameter")).hasSize(10);
    assertThat(sandbox.logFile()).contains("no runner configuration at " + PARAMETER);
    assertThat(sandbox.calls()).noneMatch(call -> call.startsWith("runuser")).last().isEqualTo("shutdown -h now");
  }

  @Test
  void aFailingRunnerStillEndsInShutdownWithItsStatus() throws Exception {
    sandbox.storeJitConfig(JIT, 0);
    String script = renderer.renderScript(settings(Optional.empty(), false, "", ""));
    byte[] failing = sandbox.runnerArchive(3);

    int status = sandbox.run(script.replace(sha256(archive), sha256(failing)));

    assertThat(status).isEqualTo(3);
    assertThat(sandbox.calls()).contains("run.sh --jitconfig " + JIT + " started= completed=")
        .last().isEqualTo("shutdown -h now");
  }

  @Test
  void installsDockerWithAptOnUbuntuAndFetchesTheRunnerFromTheS3Mirror() throws Exception {
    sandbox.osRelease("ubuntu");
    Files.delete(sandbox.bin.resolve("docker"));
    sandbox.storeJitConfig(JIT, 0);
    RunnerMirrorLocation mirror = new RunnerMirrorLocation("runner-mirror",
        "actions-runner/" + AwsTestPools.LINUX_X64.filename(), "eu-central-1");

    int status = sandbox.run(renderer.renderScript(settings(Optional.of(mirror), true, "", "")));

    assertThat(status).as(sandbox.console()).isZero();
    assertThat(sandbox.calls()).contains("apt-get install -y -q docker.io",
        "aws s3 cp --region eu-central-1 --only-show-errors s3://runner-mirror/actions-runner/"
            + AwsTestPools.LINUX_X64.filename() + " " + sandbox.root + "/var/lib/ec2runner/"
            + AwsTestPools.LINUX_X64.filename());
    assertThat(sandbox.calls()).noneMatch(call -> call.contains(AwsTestPools.LINUX_X64.downloadUrl()));
  }

  @Test
  void installsDockerWithDnfOnAmazonLinux() throws Exception {
    Files.delete(sandbox.bin.resolve("docker"));
    sandbox.storeJitConfig(JIT, 0);

    int status = sandbox.run(renderer.renderScript(settings(Optional.empty(), true, "", "")));

    assertThat(status).as(sandbox.console()).isZero();
    assertThat(sandbox.calls()).contains("dnf install -y docker");
  }

  @Test
  void theRenderedPoolSettingsPointAtTheMirrorWhenThePoolAsksForIt() {
    RunnerPoolSpec spec = AwsTestPools.spec(List.of("subnet-0123456789abcdef0"), "m5.large");
    spec.getRunner().setDistribution(new RunnerDistribution().withSource("s3")
        .withS3(new S3Distribution().withBucket("runner-mirror")));

    BootstrapSettings settings = BootstrapSettings.forPool("staging", "ci", "linux", spec, AwsTestPools.LINUX_X64);

    assertThat(settings.mirror()).contains(new RunnerMirrorLocation("runner-mirror",
        "actions-runner/" + AwsTestPools.LINUX_X64.filename(), "eu-west-1"));
  }

  private BootstrapSettings settings(Optional<RunnerMirrorLocation> mirror, boolean dockerAccess, String pre,
      String post) throws Exception {
    RunnerDownload download = new RunnerDownload("linux", "x64", AwsTestPools.LINUX_X64.downloadUrl(),
        AwsTestPools.LINUX_X64.filename(), sha256(archive));
    return new BootstrapSettings("staging", "ci", "linux", download, mirror, dockerAccess, pre, post,
        Duration.ofSeconds(30), Duration.ofSeconds(3));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
