package dev.ec2runner.operator;

/**
 * Where the real adapters plug in: the EC2/SSM implementation of {@link dev.ec2runner.operator.cloud.RunnerCloud}
 * and the GitHub App implementation of {@link dev.ec2runner.operator.github.GitHubClients}, both configured from the
 * AWS SDK default chain and the pools' App Secrets. {@link OperatorMain} calls {@link #components}.
 */
public final class ProductionAdapters {

  private ProductionAdapters() {
  }

  /**
   * The production components.
   *
   * @throws IllegalStateException while the build carries no AWS or GitHub adapter
   */
  public static OperatorComponents components(OperatorConfig config) {
    throw new IllegalStateException("this build has no AWS and GitHub adapters wired into "
        + ProductionAdapters.class.getName() + "; it cannot run against real EC2 and GitHub");
  }
}
