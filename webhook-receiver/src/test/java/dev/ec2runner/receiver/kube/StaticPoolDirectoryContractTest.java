package dev.ec2runner.receiver.kube;

import dev.ec2runner.receiver.testing.StaticPoolDirectory;

/** The tests' fixed directory, held to the same contract as the informer-backed one. */
class StaticPoolDirectoryContractTest extends PoolDirectoryContract {

  private final StaticPoolDirectory directory = StaticPoolDirectory.testPools("ci");

  @Override
  protected PoolDirectory directory() {
    return directory;
  }

  @Override
  protected String namespace() {
    return "ci";
  }
}
