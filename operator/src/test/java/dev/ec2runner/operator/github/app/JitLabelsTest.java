package dev.ec2runner.operator.github.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitLabelsTest {

  @Test
  void addsSelfHostedFirstWhenMissing() {
    assertThat(JitLabels.of(List.of("linux", "x64", "gpu"))).containsExactly("self-hosted", "linux", "x64", "gpu");
    assertThat(JitLabels.of(List.of())).containsExactly("self-hosted");
  }

  @Test
  void keepsCallerOrderAndDropsCaseInsensitiveDuplicates() {
    assertThat(JitLabels.of(List.of("Linux", "Self-Hosted", "linux"))).containsExactly("Linux", "Self-Hosted");
  }
}
