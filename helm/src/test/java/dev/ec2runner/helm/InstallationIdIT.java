package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generated installation id across a real {@code helm install} and {@code helm upgrade} on the API server:
 * upgrades keep the ConfigMap stored at install, so the operator keeps cleaning up what it launched; an explicit id
 * replaces it.
 */
class InstallationIdIT {

  private static final String RELEASE = "ident";
  private static final String OPERATOR = RELEASE + "-ec2-runner-operator";

  private final KubeApiServer server = KubeApiServer.shared();
  private final KubernetesClient admin = server.adminClient();
  private String namespace;

  @BeforeEach
  void namespace() {
    namespace = server.createNamespace("ident");
  }

  @AfterEach
  void uninstall() {
    Helm.uninstall(RELEASE).withNamespace(namespace).withKubeConfigContents(server.kubeconfig()).call();
    server.clean(namespace);
  }

  @Test
  void anUpgradeKeepsTheGeneratedIdAndAnExplicitOneReplacesIt() {
    new Helm(RepositoryPaths.chart()).install().withName(RELEASE).withNamespace(namespace)
        .withKubeConfigContents(server.kubeconfig()).call();
    String generated = storedId();
    assertThat(generated).matches("[a-z0-9]{10}").isEqualTo(operatorId());

    new Helm(RepositoryPaths.chart()).upgrade().withName(RELEASE).withNamespace(namespace)
        .withKubeConfigContents(server.kubeconfig()).call();
    assertThat(storedId()).isEqualTo(generated);
    assertThat(operatorId()).isEqualTo(generated);

    new Helm(RepositoryPaths.chart()).upgrade().withName(RELEASE).withNamespace(namespace)
        .set("installation.id", "prod").withKubeConfigContents(server.kubeconfig()).call();
    assertThat(storedId()).isEqualTo("prod");
    assertThat(operatorId()).isEqualTo("prod");
  }

  @Test
  void aReleaseInstalledBeforeInstallationIdsGetsOneByAnUpgradeThatSetsItAndKeepsIt() {
    new Helm(RepositoryPaths.chart()).install().withName(RELEASE).withNamespace(namespace)
        .withKubeConfigContents(server.kubeconfig()).call();
    // A release of the chart before installation ids has no such ConfigMap.
    admin.resources(ConfigMap.class).inNamespace(namespace).withName(OPERATOR + "-installation").delete();
    assertThat(admin.resources(ConfigMap.class).inNamespace(namespace).withName(OPERATOR + "-installation").get())
        .isNull();

    // The upgrade docs/operations.md prescribes for such a release: with installation.id.
    new Helm(RepositoryPaths.chart()).upgrade().withName(RELEASE).withNamespace(namespace)
        .set("installation.id", "prod").withKubeConfigContents(server.kubeconfig()).call();
    assertThat(storedId()).isEqualTo("prod");
    assertThat(operatorId()).isEqualTo("prod");

    new Helm(RepositoryPaths.chart()).upgrade().withName(RELEASE).withNamespace(namespace)
        .withKubeConfigContents(server.kubeconfig()).call();
    assertThat(storedId()).isEqualTo("prod");
  }

  private String storedId() {
    return admin.resources(ConfigMap.class).inNamespace(namespace).withName(OPERATOR + "-installation").get()
        .getData().get("installationId");
  }

  /** Where the operator's INSTALLATION_ID comes from, as the kubelet would resolve it. */
  private String operatorId() {
    ConfigMapKeySelector ref = admin.resources(Deployment.class).inNamespace(namespace).withName(OPERATOR).get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("INSTALLATION_ID")).findFirst().orElseThrow().getValueFrom()
        .getConfigMapKeyRef();
    return admin.resources(ConfigMap.class).inNamespace(namespace).withName(ref.getName()).get().getData()
        .get(ref.getKey());
  }
}
