package dev.ec2runner.operator.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UserDataRendererTest {

  private final UserDataRenderer renderer = new UserDataRenderer();

  @Property(tries = 200)
  void anyValueReadsBackUnchangedFromItsQuotedForm(@ForAll @StringLength(max = 40) String value) throws Exception {
    String withoutNul = value.replace("\0", "");
    Process sh = new ProcessBuilder("sh", "-c", "v=" + ShellQuoting.quote(withoutNul) + "; printf '%s' \"$v\"")
        .start();
    String echoed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(sh.waitFor()).isZero();
    assertThat(echoed).isEqualTo(withoutNul);
  }

  @Test
  void hostileJobScriptsStayInsideTheirAssignment() {
    String hostile = "'; shutdown -h now; echo '\n$(reboot) `halt`";

    String script = renderer.renderScript(settings(hostile));

    assertThat(script).contains("PRE_JOB_SCRIPT=''\\''; shutdown -h now; echo '\\''\n$(reboot) `halt`'\n")
        .doesNotContain(UserDataRenderer.SETTINGS_MARKER);
  }

  @Test
  void theInstallationIsASettingOfItsOwnLine() {
    assertThat(renderer.renderScript(settings("echo hi"))).contains(UserDataRenderer.installationLine("staging"))
        .doesNotContain(UserDataRenderer.installationLine("stagin"));
  }

  @Test
  void smallScriptsArePlainBase64() {
    byte[] userData = Base64.getDecoder().decode(renderer.renderUserDataBase64(settings("echo hi")));

    assertThat(new String(userData, StandardCharsets.UTF_8)).startsWith("#!/bin/sh");
  }

  @Test
  void scriptsAboveTheLimitAreGzippedForCloudInit() throws Exception {
    String longScript = "echo 'warming the cache'\n".repeat(700);

    byte[] userData = Base64.getDecoder().decode(renderer.renderUserDataBase64(settings(longScript)));

    assertThat(userData.length).isLessThanOrEqualTo(UserDataRenderer.MAX_USER_DATA_BYTES);
    String unpacked = new String(new GZIPInputStream(new ByteArrayInputStream(userData)).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(unpacked).startsWith("#!/bin/sh").contains("warming the cache");
  }

  @Test
  void scriptsThatStayTooLargeCompressedAreRejectedWithTheFieldToShorten() {
    byte[] noise = new byte[24_000];
    new Random(7).nextBytes(noise);
    String incompressible = Base64.getEncoder().encodeToString(noise);

    assertThatThrownBy(() -> renderer.renderUserDataBase64(settings(incompressible)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preJobScript");
  }

  private static BootstrapSettings settings(String preJobScript) {
    return new BootstrapSettings("staging", "ci", "linux", AwsTestPools.LINUX_X64, Optional.empty(), false,
        preJobScript, "", Duration.ofMinutes(10), Duration.ofSeconds(3));
  }
}
