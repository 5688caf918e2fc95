package dev.ec2runner.operator.github;

import dev.ec2runner.operator.Sensitive;

/** A registered JIT runner and its one-time configuration. */
public record JitConfig(long runnerId, String runnerName, Sensitive encodedConfig) {
}
