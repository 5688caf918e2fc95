package dev.ec2runner.operator;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.aws.AwsClientFactory;
import dev.ec2runner.operator.cloud.aws.AwsHousekeeping;
import dev.ec2runner.operator.cloud.aws.Ec2CloudSettings;
import dev.ec2runner.operator.cloud.aws.Ec2RunnerCloud;
import dev.ec2runner.operator.cloud.aws.HttpBinaryFetcher;
import dev.ec2runner.operator.cloud.aws.RunnerBinaryMirror;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.InvalidAppCredentialsException;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.operator.github.app.GitHubRunnerDownloads;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The real adapters: EC2/SSM/S3 through the AWS SDK (region and credentials from its default chains: IRSA, Pod
 * Identity, environment, profile) and GitHub through each pool's App installation. {@link OperatorMain} calls
 * {@link #components}; tests and the sandbox build {@link OperatorComponents} from simulations instead.
 */
public final class ProductionAdapters {

  private ProductionAdapters() {
  }

  /**
   * The production components.
   *
   * @throws IllegalStateException the AWS SDK finds no region (set AWS_REGION)
   */
  public static OperatorComponents components(OperatorConfig config, KubernetesClient kubernetes) {
    Clock clock = Clock.systemUTC();
    AwsClientFactory aws;
    try {
      aws = AwsClientFactory.fromDefaultChains(List.of());
    } catch (SdkClientException noRegion) {
      throw new IllegalStateException("the AWS SDK found no region: set AWS_REGION (or a profile or instance"
          + " metadata with one); pools in other regions name theirs in spec.ec2.region");
    }
    AppGitHubClients gitHub = AppGitHubClients.create(GitHubCallListener.NONE);
    GitHubRunnerDownloads downloads = new GitHubRunnerDownloads(gitHub,
        (namespace, spec) -> appCredentials(kubernetes, namespace, spec, config.gitHubApiHosts()), clock,
        GitHubRunnerDownloads.DEFAULT_TTL);
    Ec2RunnerCloud cloud = new Ec2RunnerCloud(aws, downloads, new UserDataRenderer(), clock,
        Ec2CloudSettings.defaults().withInstallation(config.installation()));
    AwsHousekeeping housekeeping = new AwsHousekeeping(cloud,
        new RunnerBinaryMirror(aws, new HttpBinaryFetcher()), downloads);
    // The runtime runs it on the leader only (OperatorRuntime.HOUSEKEEPING_INTERVAL).
    return new OperatorComponents(cloud, gitHub, clock, new HousekeepingPass(kubernetes,
        new WatchedNamespaces(config.watchNamespaces()), housekeeping::runOnce));
  }

  /**
   * The credentials in the Secret a pool references, for the runner-downloads lookup of that pool's scope. This
   * lookup does not go through the reconcilers' GitHub access (the S3 mirror's housekeeping uses it for every pool),
   * so it refuses a host the installation does not allow itself, before the Secret is read.
   */
  static GitHubAppCredentials appCredentials(KubernetesClient kubernetes, String namespace, RunnerPoolSpec spec,
      Set<String> allowedApiHosts) {
    PoolSpecCheck.apiHostBlocker(spec.getGithub(), allowedApiHosts).ifPresent(refused -> {
      throw new IllegalArgumentException(refused.message());
    });
    String name = spec.getGithub().getAppSecretRef().getName();
    Secret secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new IllegalArgumentException("Secret " + namespace + "/" + name + " (spec.github.appSecretRef) not found");
    }
    try {
      return GitHubAppCredentials.of(AppCredentials.fromSecret(secret), spec.getGithub().getApiUrl());
    } catch (InvalidAppCredentialsException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
