package dev.ec2runner.api.server;

import dev.ec2runner.testkit.kube.KubeApiServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdsOnRealServerIT {

  private final KubeApiServer server = KubeApiServer.shared();

  @Test
  void servesTheProjectsCrds() {
    KubernetesClient client = server.adminClient();
    assertThat(client.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("ec2runner.dev"));
    assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.");
  }

  @Test
  void refusesACrdWhoseRuleIsOverTheCostBudget() {
    // Strings without maxLength in a long list: the server cannot bound the rule's cost and refuses the CRD.
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("costlies.budget.example.dev").endMetadata()
        .withNewSpec().withGroup("budget.example.dev").withScope("Namespaced")
        .withNewNames().withKind("Costly").withPlural("costlies").withSingular("costly").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
            .withProperties(Map.of("spec", new JSONSchemaPropsBuilder().withType("object")
                .withProperties(Map.of("names", new JSONSchemaPropsBuilder().withType("array").withMaxItems(1000L)
                    .withNewItems().withNewSchema().withType("string").endSchema().endItems()
                    .addNewXKubernetesValidation().withRule("self.all(n, n.matches('^[a-z]+$'))").endXKubernetesValidation()
                    .build()))
                .build()))
            .build()).endSchema()
        .endVersion().endSpec().build();

    assertThatThrownBy(() -> server.adminClient().apiextensions().v1().customResourceDefinitions().resource(crd).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("estimated rule cost exceeds budget");
  }
}
