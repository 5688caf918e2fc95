package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.simulator.scenario.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxArgumentsTest {

  @Test
  void noArgumentsRunTheDemoOnAnApiServerOfTheSandboxsOwn() throws Exception {
    SandboxArguments arguments = SandboxArguments.parse();

    assertThat(arguments.scenario()).isNull();
    assertThat(arguments.reportJson()).isNull();
    assertThat(arguments.speed()).isNull();
    assertThat(arguments.strategy()).isNull();
    assertThat(arguments.kubeconfig()).as("no existing cluster").isNull();
    assertThat(arguments.help()).isFalse();
  }

  @Test
  void flagsTakeTheirValueAsTheNextArgumentOrAfterAnEqualsSign() throws Exception {
    SandboxArguments arguments = SandboxArguments.parse("--scenario", "s.yaml", "--report-json=out/r.json",
        "--speed", "25", "--kubeconfig=kc", "--strategy", "Compare");

    assertThat(arguments.scenario()).isEqualTo(Path.of("s.yaml"));
    assertThat(arguments.reportJson()).isEqualTo(Path.of("out/r.json"));
    assertThat(arguments.speed()).isEqualTo(25.0);
    assertThat(arguments.kubeconfig()).isEqualTo(Path.of("kc"));
    assertThat(arguments.strategy()).isEqualTo(Scenario.Strategy.COMPARE);
    assertThat(SandboxArguments.parse("-h").help()).isTrue();
  }

  @Test
  void badArgumentsAreRefusedWithOneLineThatSaysWhatIsExpected() {
    assertThatThrownBy(() -> SandboxArguments.parse("--speed", "fast"))
        .hasMessage("--speed must be a number above 0 and at most 1000 (simulated seconds per real second),"
            + " not 'fast'");
    assertThatThrownBy(() -> SandboxArguments.parse("--speed", "0")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> SandboxArguments.parse("--speed=5000")).hasMessageContaining("at most 1000");
    assertThatThrownBy(() -> SandboxArguments.parse("--strategy", "lambda"))
        .hasMessage("--strategy must be operator, baseline or compare, not 'lambda'");
    assertThatThrownBy(() -> SandboxArguments.parse("--scenario"))
        .hasMessageStartingWith("--scenario needs a value; usage:");
    assertThatThrownBy(() -> SandboxArguments.parse("--scenario", "--speed", "3"))
        .hasMessageStartingWith("--scenario needs a value");
    assertThatThrownBy(() -> SandboxArguments.parse("--verbose"))
        .hasMessageStartingWith("unknown flag --verbose; usage:");
    assertThatThrownBy(() -> SandboxArguments.parse("--verbose", "yes"))
        .hasMessageStartingWith("unknown flag --verbose; usage:");
    assertThatThrownBy(() -> SandboxArguments.parse("steady.yaml"))
        .hasMessageStartingWith("unexpected argument 'steady.yaml'");
    assertThatThrownBy(() -> SandboxArguments.parse("--speed", "fast")).satisfies(e ->
        assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
