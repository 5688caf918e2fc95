package dev.ec2runner.operator.github;

import java.util.List;

/**
 * A JIT runner to register.
 *
 * @param runnerGroupId the group's id (1 is the default group)
 * @param labels custom labels; GitHub adds self-hosted, OS and architecture itself
 */
public record JitConfigRequest(String name, long runnerGroupId, List<String> labels, String workFolder) {

  public JitConfigRequest {
    labels = List.copyOf(labels);
  }
}
