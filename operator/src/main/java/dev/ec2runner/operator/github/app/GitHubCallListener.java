package dev.ec2runner.operator.github.app;

/**
 * Told about every GitHub API call the adapter makes, so the operator can export call counts and benchmarks can
 * count API usage. Called on the calling thread; implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface GitHubCallListener {

  GitHubCallListener NONE = (endpoint, outcome) -> { };

  /**
   * @param endpoint the method and OpenAPI path template, e.g. {@code GET /orgs/{org}/actions/runners}
   */
  void onCall(String endpoint, CallOutcome outcome);
}
