package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of apimachinery's TestHumanDuration, plus the clock-skew edges. */
class HumanDurationTest {

  @ParameterizedTest
  @CsvSource({
      "1, 1s",
      "70, 70s",
      "190, 3m10s",
      "180, 3m",
      "4200, 70m",
      "169200, 47h",
      "176400, 2d1h",
      "698400, 8d",
      "31708800, 367d",
      "63162000, 2y1d",
      "252295200, 8y",
      "-1, 0s",
      "-5, <invalid>",
      "25200, 7h",
      "26100, 7h15m"})
  void formatsLikeKubectl(long seconds, String expected) {
    assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }
}
