package dev.ec2runner.operator.bootstrap.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerConfigTextTest {

  @Test
  void registrationArgumentsRoundTripForEveryScope() {
    for (PoolScope scope : List.of(new PoolScope(PoolScope.Level.ORGANIZATION, "acme"),
        new PoolScope(PoolScope.Level.REPOSITORY, "acme/app"), new PoolScope(PoolScope.Level.ENTERPRISE, "big"))) {
      String text = RunnerConfigText.registration(scope, "AABBCC", "i-0123", List.of("self-hosted", "linux"), true);

      assertThat(RunnerConfigText.parse(text)).isEqualTo(
          new RunnerConfigText.Registration(scope, "i-0123", List.of("self-hosted", "linux"), true));
    }
  }

  @Test
  void anythingElseIsAJitConfigurationAndBrokenArgumentsAreRefused() {
    assertThat(RunnerConfigText.parse(" eyJhYmMiOjF9 \n")).isEqualTo(new RunnerConfigText.Jit("eyJhYmMiOjF9"));
    assertThatThrownBy(() -> RunnerConfigText.parse("--token x --name y")).hasMessageContaining("--url");
    assertThatThrownBy(() -> RunnerConfigText.parse("--url https://github.com/ --name y"))
        .hasMessageContaining("names no organization");
  }
}
