package dev.ec2runner.operator.github;

import java.util.Optional;

/**
 * Everything the operator does on GitHub as one App installation: runner registrations and job state
 * ({@link GitHubRunners}) plus runner groups, reruns and webhook redelivery ({@link GitHubApp}).
 */
public interface GitHubInstallation extends GitHubRunners, GitHubApp {

  /** The installation's REST budget as GitHub last reported it; empty before the first call, or when unknown. */
  default Optional<RateLimitBudget> rateLimit() {
    return Optional.empty();
  }
}
