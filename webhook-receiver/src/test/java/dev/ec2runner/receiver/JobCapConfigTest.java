package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cap of WorkflowJobs per namespace: a default, the operator's variable, and the flag above both. */
class JobCapConfigTest {

  private static final Map<String, String> ENV = Map.of("WEBHOOK_SECRET", "s3cret");

  @Test
  void defaultsToTheOperatorsCapAndFollowsItsVariableUnlessTheFlagSaysOtherwise() throws ConfigException {
    assertThat(ReceiverConfig.parse(new String[0], ENV).maxJobsPerNamespace()).isEqualTo(5000);
    Map<String, String> withCap = Map.of("WEBHOOK_SECRET", "s3cret", "MAX_WORKFLOW_JOBS_PER_NAMESPACE", "300");
    assertThat(ReceiverConfig.parse(new String[0], withCap).maxJobsPerNamespace()).isEqualTo(300);
    assertThat(ReceiverConfig.parse(new String[] {"--max-jobs-per-namespace=0"}, withCap).maxJobsPerNamespace())
        .isZero();
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--max-jobs-per-namespace", "-5"}, ENV))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--max-jobs-per-namespace must be between 0");
  }
}
