package dev.ec2runner.operator.github;

import dev.ec2runner.api.v1alpha1.RunnerPool;

/**
 * Makes the GitHub client of a pool from its App credentials. Implementations: the HTTP adapter for GitHub's REST
 * API (App JWT, installation tokens) and, in the operator's tests, the one fake GitHub's in-process face {@code
 * FakeGitHub} (the simulator reaches the same fake GitHub over HTTP through the REST adapter).
 *
 * <p>Callers cache the result per pool and Secret version, so implementations may do real work here (parse the key,
 * build an HTTP client) but must not call GitHub: a bad key or unknown installation surfaces on the first call as
 * {@link GitHubException.Unauthorized}.
 */
public interface GitHubClients {

  /**
   * The client for the pool's scope and API URL.
   *
   * @throws InvalidAppCredentialsException the credentials cannot be used (for example a key that does not parse);
   *     the message must not contain the key
   */
  GitHubInstallation forPool(RunnerPool pool, AppCredentials credentials) throws InvalidAppCredentialsException;
}
