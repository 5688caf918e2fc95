package dev.ec2runner.operator.github;

import java.util.List;

/**
 * A JIT runner to register.
 *
 * @param runnerGroupId the group's id (1 is the default group)
 * @param labels the runner's labels, OS and architecture included: unlike {@code config.sh}, GitHub adds no
 *     default labels to a JIT runner (the GitHub adapter adds {@code self-hosted} when missing)
 */
public record JitConfigRequest(String name, long runnerGroupId, List<String> labels, String workFolder) {

  public JitConfigRequest {
    labels = List.copyOf(labels);
  }
}
