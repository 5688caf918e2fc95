package dev.ec2runner.operator;

import dev.ec2runner.testkit.kube.TestCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.GitHubTarget;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.SecretReference;
import dev.ec2runner.operator.cloud.aws.Ec2RunnerCloud;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production wiring, reading App Secrets from the real API server. */
class ProductionAdaptersIT {

  private static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nnot-a-real-key\n-----END RSA PRIVATE KEY-----";
  private TestCluster kubernetes;

  @BeforeEach
  void start() {
    kubernetes = TestCluster.create("t");
  }

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void wiresTheAwsAndGitHubAdaptersWhenTheSdkFindsARegion() {
    String before = System.getProperty("aws.region");
    System.setProperty("aws.region", "eu-west-1");
    try {
      OperatorComponents components = ProductionAdapters.components(OperatorConfig.fromEnvironment(Map.of()),
          kubernetes.client());
      assertThat(components.cloud()).isInstanceOf(Ec2RunnerCloud.class);
      assertThat(components.gitHubClients()).isInstanceOf(AppGitHubClients.class);
    } finally {
      if (before == null) {
        System.clearProperty("aws.region");
      } else {
        System.setProperty("aws.region", before);
      }
    }
  }

  @Test
  void readsThePoolsAppSecretForRunnerDownloadsAtThePoolsApiUrl() {
    String ns = kubernetes.namespace();
    kubernetes.client().secrets().inNamespace(ns).resource(new SecretBuilder()
        .withNewMetadata().withName("app").withNamespace(ns).endMetadata()
        .withStringData(Map.of("appId", "12", "installationId", "34", "privateKey", KEY)).build()).create();

    var credentials = ProductionAdapters.appCredentials(kubernetes.client(), ns,
        pool("app", "https://ghe.example.com/api/v3"), Set.of("api.github.com", "ghe.example.com"));

    assertThat(credentials.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
    assertThat(credentials.appId()).isEqualTo(12);
    assertThat(credentials.installationId()).isEqualTo(34);
  }

  @Test
  void namesAMissingSecretWithoutGuessing() {
    String ns = kubernetes.namespace();
    assertThatThrownBy(() -> ProductionAdapters.appCredentials(kubernetes.client(), ns, pool("absent", null),
        OperatorConfig.DEFAULT_GITHUB_API_HOSTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Secret " + ns + "/absent (spec.github.appSecretRef) not found");
  }

  /** The runner-downloads lookup (launches, the S3 mirror's housekeeping) builds no client for a refused host. */
  @Test
  void givesNoCredentialsForAnApiHostTheInstallationDoesNotAllow() {
    String ns = kubernetes.namespace();
    kubernetes.client().secrets().inNamespace(ns).resource(new SecretBuilder()
        .withNewMetadata().withName("app").withNamespace(ns).endMetadata()
        .withStringData(Map.of("appId", "12", "installationId", "34", "privateKey", KEY)).build()).create();

    assertThatThrownBy(() -> ProductionAdapters.appCredentials(kubernetes.client(), ns,
        pool("app", "https://ghe.example.com/api/v3"), OperatorConfig.DEFAULT_GITHUB_API_HOSTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.github.apiUrl https://ghe.example.com/api/v3 names host ghe.example.com")
        .hasMessageContaining("allowed GitHub API hosts: api.github.com");
  }

  private static RunnerPoolSpec pool(String secret, String apiUrl) {
    return new RunnerPoolSpec().withGithub(new GitHubTarget().withOrganization("my-org").withApiUrl(apiUrl)
        .withAppSecretRef(new SecretReference().withName(secret)));
  }
}
