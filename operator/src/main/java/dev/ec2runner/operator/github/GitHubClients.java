package dev.ec2runner.operator.github;

/** Gives the GitHub client of one App installation, built once and reused while its credentials stay the same. */
public interface GitHubClients {

  /**
   * The client for these credentials.
   *
   * @throws GitHubException.Unauthorized the private key is not a usable RSA key (the message says why, never the key)
   */
  GitHubRunners forApp(GitHubAppCredentials credentials) throws GitHubException;
}
