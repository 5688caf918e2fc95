package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalViewTest {

  private static final LiveSnapshot SNAPSHOT = new LiveSnapshot("demo", "operator", 75, "workload", 4, 9, 19, 6,
      "NAME    ORG/REPO\nlinux   acme\n");

  @Test
  void aTerminalIsClearedAndRedrawnWithTheTable() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TerminalView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true).show(SNAPSHOT);

    String screen = bytes.toString(StandardCharsets.UTF_8);
    assertThat(screen).startsWith("\033[H\033[2J")
        .contains("[demo operator] t=75s workload: jobs 9/19 completed, 4 waiting or running; 6 instances")
        .endsWith("linux   acme\n");
  }

  @Test
  void anythingElseGetsOnePlainLinePerRefresh() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalView view = new TerminalView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    view.show(SNAPSHOT);
    view.show(SNAPSHOT);

    String log = bytes.toString(StandardCharsets.UTF_8);
    assertThat(log).doesNotContain("\033").doesNotContain("ORG/REPO");
    assertThat(log.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("[demo operator] t=75s"));
  }
}
