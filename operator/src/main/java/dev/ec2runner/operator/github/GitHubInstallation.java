package dev.ec2runner.operator.github;

import java.util.Optional;

/**
 * Everything the operator does on GitHub as one App installation: runner registrations and job state
 * ({@link GitHubRunners}) plus runner groups, reruns and webhook redelivery ({@link GitHubApp}).
 *
 * <p>What an implementation promises is written down once, as {@code GitHubInstallationContract} (operator test
 * jar), and run against the REST adapter ({@code AppGitHubRunners}, over HTTP against the simulator's GitHub) and
 * against the one fake GitHub's in-process face ({@code FakeGitHub}, in {@code operator.github.fake} of the test jar).
 */
public interface GitHubInstallation extends GitHubRunners, GitHubApp {

  /** The installation's REST budget as GitHub last reported it; empty before the first call, or when unknown. */
  default Optional<RateLimitBudget> rateLimit() {
    return Optional.empty();
  }
}
