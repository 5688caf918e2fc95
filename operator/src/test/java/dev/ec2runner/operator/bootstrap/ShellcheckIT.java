package dev.ec2runner.operator.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered bootstrap script passes shellcheck as POSIX sh. shellcheck is Debian's {@code shellcheck} package:
 * when it is missing this test installs it with apt-get (as root), and fails with the install hint otherwise.
 */
class ShellcheckIT {

  private static final String HINT = "shellcheck is required: install the Debian package (apt-get install -y "
      + "shellcheck) or put shellcheck on PATH";

  @TempDir
  Path tmp;

  @BeforeAll
  static void ensureShellcheck() throws Exception {
    if (runs(List.of("shellcheck", "--version"))) {
      return;
    }
    boolean installed = runs(List.of("apt-get", "install", "-y", "-q", "shellcheck"))
        || (runs(List.of("apt-get", "update", "-q")) && runs(List.of("apt-get", "install", "-y", "-q", "shellcheck")));
    if (!installed || !runs(List.of("shellcheck", "--version"))) {
      throw new IllegalStateException(HINT);
    }
  }

  @Test
  void theRenderedScriptPassesShellcheck() throws Exception {
    assertShellcheckPasses(new BootstrapSettings("staging", "ci", "linux", AwsTestPools.LINUX_X64, Optional.empty(),
        false, "echo \"it's $HOME\"\nexit 0", "", Duration.ofMinutes(10), Duration.ofSeconds(3)));
  }

  @Test
  void theRenderedScriptWithAnS3MirrorPassesShellcheck() throws Exception {
    assertShellcheckPasses(new BootstrapSettings("staging", "ci", "linux", AwsTestPools.LINUX_X64,
        Optional.of(new RunnerMirrorLocation("bucket", "actions-runner/x.tar.gz", "eu-west-1")), true, "", "",
        Duration.ofMinutes(10), Duration.ofSeconds(3)));
  }

  private void assertShellcheckPasses(BootstrapSettings settings) throws Exception {
    Path script = tmp.resolve("user-data.sh");
    Files.writeString(script, new UserDataRenderer().renderScript(settings));
    Process process = new ProcessBuilder("shellcheck", "--shell=sh", "--severity=style", script.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }

  private static boolean runs(List<String> command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
