package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** `helm template` with default values and with each supported combination; every object parses strictly. */
class ChartRenderTest {

  static final String OPERATOR = "ec2r-ec2-runner-operator";
  static final String RECEIVER = "ec2r-ec2-runner-operator-receiver";

  @Test
  void defaultValuesRenderBothComponentsAndTheirPlumbing() {
    RenderedChart chart = ChartRenderer.chart().render();

    assertThat(chart.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(OPERATOR, RECEIVER);
    assertThat(chart.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
    assertThat(chart.all(ServiceAccount.class)).hasSize(2);
    assertThat(chart.all(PodDisruptionBudget.class)).hasSize(2);
    assertThat(chart.all(Service.class)).extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(RECEIVER, OPERATOR + "-metrics");
    assertThat(chart.all(Ingress.class)).isEmpty();
    assertThat(chart.serviceMonitors()).isEmpty();
    // No App credentials in values: the chart creates no App Secret, only the generated webhook secret.
    assertThat(chart.all(Secret.class)).extracting(s -> s.getMetadata().getName())
        .containsExactly(OPERATOR + "-webhook");
    assertThat(chart.objects()).filteredOn(o -> !isClusterScoped(o))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingress.yaml", "existing-secrets.yaml", "watched-namespaces.yaml", "single-namespace.yaml",
      "service-monitor.yaml", "app-credentials.yaml"})
  void eachValueCombinationRendersObjectsThatMatchTheKubernetesModel(String valuesFile) {
    RenderedChart chart = ChartRenderer.chart().values(valuesFile).render();

    assertThat(chart.all(Deployment.class)).hasSize(2);
    assertThat(chart.objects()).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", ChartRenderer.RELEASE)
        .containsEntry("app.kubernetes.io/managed-by", "Helm"));
  }

  @Test
  void podDisruptionBudgetsAndServicesSelectTheirOwnComponentsPods() {
    RenderedChart chart = ChartRenderer.chart().render();
    Map<String, String> operatorPods = podLabels(chart.one(Deployment.class, OPERATOR));
    Map<String, String> receiverPods = podLabels(chart.one(Deployment.class, RECEIVER));

    assertThat(operatorPods).containsAllEntriesOf(
        chart.one(PodDisruptionBudget.class, OPERATOR).getSpec().getSelector().getMatchLabels());
    assertThat(receiverPods).containsAllEntriesOf(
        chart.one(PodDisruptionBudget.class, RECEIVER).getSpec().getSelector().getMatchLabels());
    assertThat(operatorPods).containsAllEntriesOf(chart.one(Service.class, OPERATOR + "-metrics").getSpec().getSelector());
    assertThat(receiverPods).containsAllEntriesOf(chart.one(Service.class, RECEIVER).getSpec().getSelector());
    assertThat(receiverPods).doesNotContainEntry("app.kubernetes.io/component", "operator");
    assertThat(chart.one(PodDisruptionBudget.class, OPERATOR).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(chart.all(PodDisruptionBudget.class))
        .allSatisfy(pdb -> assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow"));
  }

  @Test
  void aSingleReplicaGetsNoDisruptionBudgetThatWouldBlockNodeDrains() {
    RenderedChart chart = ChartRenderer.chart().set("receiver.replicaCount", 1).render();

    assertThat(chart.all(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
        .containsExactly(OPERATOR);
  }

  @Test
  void ingressExposesOnlyTheWebhookPathOnTheConfiguredHostWithTls() {
    RenderedChart chart = ChartRenderer.chart().values("ingress.yaml").render();

    Ingress ingress = chart.one(Ingress.class, RECEIVER);
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("runners.example.com");
      assertThat(tls.getSecretName()).isEqualTo("runners-example-com-tls");
    });
    IngressRule rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("runners.example.com");
    assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
      assertThat(path.getPath()).isEqualTo("/webhook");
      assertThat(path.getPathType()).isEqualTo("Exact");
      assertThat(path.getBackend().getService().getName()).isEqualTo(RECEIVER);
      assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
    });
    assertThat(chart.one(Service.class, RECEIVER).getSpec().getPorts())
        .extracting(p -> p.getName()).contains("http");
    assertThat(chart.one(ServiceAccount.class, OPERATOR).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/ec2-runner-operator");
  }

  @Test
  void existingSecretsAreUsedAndNoSecretIsCreated() {
    RenderedChart chart = ChartRenderer.chart().values("existing-secrets.yaml").render();

    assertThat(chart.all(Secret.class)).isEmpty();
    var volume = chart.one(Deployment.class, RECEIVER).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getSecret() != null).findFirst().orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo("my-webhook");
    assertThat(volume.getSecret().getItems()).singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo("secrets"));
  }

  @Test
  void appCredentialsFromValuesBecomeTheContractedSecretKeys() {
    RenderedChart chart = ChartRenderer.chart().values("app-credentials.yaml").render();

    Secret app = chart.one(Secret.class, OPERATOR + "-github-app");
    assertThat(app.getStringData()).containsOnlyKeys("appId", "installationId", "privateKey");
    // Numbers in values must not turn into floats such as 9.8765432e+07.
    assertThat(app.getStringData()).containsEntry("appId", "123456").containsEntry("installationId", "98765432");
    assertThat(app.getStringData().get("privateKey"))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
    Secret webhook = chart.one(Secret.class, OPERATOR + "-webhook");
    String secrets = new String(Base64.getDecoder().decode(webhook.getData().get("webhook-secret")),
        StandardCharsets.UTF_8);
    assertThat(secrets.split("\n")).containsExactly("old-webhook-secret", "new-webhook-secret");
    assertThat(webhook.getMetadata().getAnnotations()).doesNotContainKey("helm.sh/resource-policy");
  }

  @Test
  void generatedWebhookSecretIsRandomPerInstallAndKeptByHelm() {
    Secret first = ChartRenderer.chart().render().one(Secret.class, OPERATOR + "-webhook");
    Secret second = ChartRenderer.chart().render().one(Secret.class, OPERATOR + "-webhook");

    String value = new String(Base64.getDecoder().decode(first.getData().get("webhook-secret")), StandardCharsets.UTF_8);
    assertThat(value).matches("[A-Za-z0-9]{48}");
    assertThat(second.getData()).isNotEqualTo(first.getData());
    assertThat(first.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void watchedNamespacesGetRolesAndNoClusterRole() {
    RenderedChart chart = ChartRenderer.chart().values("watched-namespaces.yaml").render();

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    for (String component : List.of(OPERATOR, RECEIVER)) {
      assertThat(chart.all(Role.class).stream()
          .filter(r -> r.getMetadata().getName().equals(component))
          .map(r -> r.getMetadata().getNamespace()).collect(Collectors.toList()))
          .as(component).containsExactlyInAnyOrder("runners", "team-a", "team-b");
    }
  }

  @Test
  void aSingleWatchedNamespaceNeedsNoClusterRoleAtAll() {
    RenderedChart chart = ChartRenderer.chart().values("single-namespace.yaml").render();

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder("team-a/" + OPERATOR, "team-a/" + RECEIVER,
            ChartRenderer.NAMESPACE + "/" + OPERATOR + "-leader-election");
  }

  @Test
  void serviceMonitorsScrapeEachComponentsMetricsThroughItsService() {
    RenderedChart chart = ChartRenderer.chart().values("service-monitor.yaml").render();

    List<JsonNode> monitors = chart.serviceMonitors();
    assertThat(monitors).hasSize(2);
    for (JsonNode monitor : monitors) {
      assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
      assertThat(fieldNames(monitor.path("spec"))).containsExactlyInAnyOrder("namespaceSelector", "selector", "endpoints");
      JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
      assertThat(fieldNames(endpoint)).containsExactlyInAnyOrder("port", "path", "interval", "scrapeTimeout");
      assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
      assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
      assertThat(monitor.path("spec").path("namespaceSelector").path("matchNames").get(0).asText())
          .isEqualTo(ChartRenderer.NAMESPACE);
      Map<String, String> selector = new java.util.TreeMap<>();
      monitor.path("spec").path("selector").path("matchLabels").fields()
          .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
      List<Service> selected = chart.all(Service.class).stream()
          .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
          .collect(Collectors.toList());
      assertThat(selected).as("ServiceMonitor %s selects exactly one Service", monitor.path("metadata").path("name"))
          .hasSize(1);
      assertThat(selected.get(0).getSpec().getPorts()).extracting(p -> p.getName())
          .contains(endpoint.path("port").asText());
    }
  }

  private static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean isClusterScoped(HasMetadata object) {
    return object.getKind().startsWith("Cluster");
  }
}
