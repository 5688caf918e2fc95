package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerGroupAdmissionTest {

  @Test
  void aGroupLimitedToSelectedRepositoriesAdmitsOnlyThoseIgnoringCase() {
    var gpu = new RunnerGroupAdmission("gpu", Set.of("acme/app"));

    assertThat(gpu.admits("Acme/App")).isTrue();
    assertThat(gpu.admits("acme/tools")).isFalse();
    assertThat(gpu.refusal("acme/tools", "gpu-pool")).startsWith("repository acme/tools may not use runner group"
        + " 'gpu' of pool gpu-pool").contains("1 selected repositories").contains("re-run the job");
  }

  @Test
  void aGroupOpenToAllOrOfUnknownAccessAdmitsEverything() {
    assertThat(RunnerGroupAdmission.all("Default").admits("acme/tools")).isTrue();
    assertThat(new RunnerGroupAdmission("gpu", Set.of()).admits(null)).isTrue();
  }
}
