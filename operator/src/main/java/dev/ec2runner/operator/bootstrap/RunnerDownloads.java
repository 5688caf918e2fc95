package dev.ec2runner.operator.bootstrap;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.cloud.CloudException;

/**
 * Finds the runner archive a pool's instances install: for its OS, architecture and version, as GitHub's
 * {@code runners/downloads} endpoint of the pool's scope lists them. Implementations cache; the answer changes only
 * with a runner release.
 */
@FunctionalInterface
public interface RunnerDownloads {

  /**
   * @throws CloudException when the archive cannot be determined now (GitHub unreachable, no archive for the
   *     pool's OS and architecture); the message is safe to show
   */
  RunnerDownload find(String namespace, String pool, RunnerPoolSpec spec) throws CloudException;
}
