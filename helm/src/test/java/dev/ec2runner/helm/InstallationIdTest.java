package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * The installation id: the value given, or one generated at install, stored in a ConfigMap the operator reads it
 * from. (That upgrades keep the stored id is {@code InstallationIdIT}'s, on a real API server.)
 */
class InstallationIdTest {

  static final String CONFIG_MAP = ChartRenderTest.OPERATOR + "-installation";

  @Test
  void anExplicitIdIsStoredAndGivenToTheOperator() {
    RenderedChart chart = ChartRenderer.chart().set("installation.id", "prod-eu").render();

    assertThat(storedId(chart)).isEqualTo("prod-eu");
    assertThat(operatorId(chart)).isEqualTo("prod-eu");
  }

  @Test
  void withoutAnIdEachInstallGeneratesOneAndKeepsItOnUninstall() {
    RenderedChart first = ChartRenderer.chart().render();
    RenderedChart second = ChartRenderer.chart().render();

    assertThat(storedId(first)).matches("[a-z0-9]{10}");
    assertThat(storedId(second)).matches("[a-z0-9]{10}").isNotEqualTo(storedId(first));
    assertThat(operatorId(first)).isEqualTo(storedId(first));
    assertThat(first.one(ConfigMap.class, CONFIG_MAP).getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void anIdThatCannotBeATagValuePathOrTemplateNameIsRejected() {
    for (String bad : new String[] {"Prod", "prod_eu", "-prod", "prod-", "a-very-long-installation-id", "prod/eu"}) {
      assertThatThrownBy(() -> ChartRenderer.chart().set("installation.id", bad).renderYaml())
          .as(bad).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("values don't meet the specifications of the schema")
          .hasMessageContaining("installation");
    }
  }

  static String storedId(RenderedChart chart) {
    return chart.one(ConfigMap.class, CONFIG_MAP).getData().get("installationId");
  }

  /** The id the operator's INSTALLATION_ID resolves to: the key of the chart's ConfigMap it refers to. */
  static String operatorId(RenderedChart chart) {
    ConfigMapKeySelector ref = chart.one(Deployment.class, ChartRenderTest.OPERATOR).getSpec().getTemplate()
        .getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("INSTALLATION_ID"))
        .findFirst().orElseThrow(() -> new AssertionError("the operator gets no INSTALLATION_ID"))
        .getValueFrom().getConfigMapKeyRef();
    return chart.one(ConfigMap.class, ref.getName()).getData().get(ref.getKey());
  }
}
