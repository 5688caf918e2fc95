package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Deployments configure the operator and the receiver exactly as their env vars and flags are specified. */
class DeploymentContractTest {

  @Test
  void operatorGetsItsContractedEnvironmentWithLeaderElectionOn() {
    Container operator = container(ChartRenderer.chart().render(), ChartRenderTest.OPERATOR);

    Map<String, EnvVar> env = env(operator);
    assertThat(env.get("WATCH_NAMESPACES").getValue()).isEmpty();
    assertThat(env.get("LEADER_ELECTION").getValue()).isEqualTo("true");
    assertThat(env.get("HTTP_PORT").getValue()).isEqualTo("8081");
    assertThat(env.get("OBSERVE_INTERVAL").getValue()).isEqualTo("30s");
    assertThat(env.get("GITHUB_API_HOSTS").getValue()).isEqualTo("api.github.com");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    assertThat(env.keySet()).noneMatch(name -> name.startsWith("AWS_ACCESS") || name.startsWith("AWS_SECRET"));
    assertThat(operator.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8081);
    });
    assertHttpProbe(operator.getLivenessProbe(), "/healthz");
    assertHttpProbe(operator.getStartupProbe(), "/healthz");
    assertHttpProbe(operator.getReadinessProbe(), "/readyz");
    assertThat(operator.getImage()).isEqualTo("ghcr.io/ec2-runner-operator/ec2-runner-operator/operator:0.1.0");
  }

  @Test
  void watchedNamespacesBecomeACommaSeparatedList() {
    Container operator = container(ChartRenderer.chart().values("watched-namespaces.yaml").render(),
        ChartRenderTest.OPERATOR);

    assertThat(env(operator).get("WATCH_NAMESPACES").getValue()).isEqualTo("runners,team-a,team-b");
  }

  @Test
  void allowedGitHubApiHostsBecomeACommaSeparatedList() {
    Container operator = container(ChartRenderer.chart().set("operator.gitHubApiHosts[0]", "api.github.com")
        .set("operator.gitHubApiHosts[1]", "github.example.com").render(), ChartRenderTest.OPERATOR);

    assertThat(env(operator).get("GITHUB_API_HOSTS").getValue()).isEqualTo("api.github.com,github.example.com");
  }

  @Test
  void theReceiverServesExactlyTheWatchedNamespacesOrAll() {
    Container single = container(ChartRenderer.chart().values("single-namespace.yaml").render(),
        ChartRenderTest.RECEIVER);
    Container several = container(ChartRenderer.chart().values("watched-namespaces.yaml").render(),
        ChartRenderTest.RECEIVER);
    Container all = container(ChartRenderer.chart().render(), ChartRenderTest.RECEIVER);

    assertThat(single.getArgs()).contains("--namespace=team-a").doesNotContain("--all-namespaces");
    assertThat(several.getArgs()).contains("--namespace=runners,team-a,team-b").doesNotContain("--all-namespaces");
    assertThat(all.getArgs()).contains("--all-namespaces").noneMatch(arg -> arg.startsWith("--namespace"));
  }

  @Test
  void allowedScopesReachTheOperatorAndTheReceiverAlike() {
    RenderedChart chart = ChartRenderer.chart().set("allowedScopes.team-web[0]", "acme/web")
        .set("allowedScopes.team-web[1]", "acme/docs").set("allowedScopes.ci[0]", "acme").render();
    Container operator = container(chart, ChartRenderTest.OPERATOR);
    Container receiver = container(chart, ChartRenderTest.RECEIVER);

    assertThat(env(operator).get("ALLOWED_SCOPES").getValue()).isEqualTo("ci=acme;team-web=acme/web,acme/docs");
    assertThat(receiver.getArgs()).contains("--allowed-scopes=ci=acme;team-web=acme/web,acme/docs");
    Container unrestricted = container(ChartRenderer.chart().render(), ChartRenderTest.OPERATOR);
    assertThat(env(unrestricted)).doesNotContainKey("ALLOWED_SCOPES");
  }

  @Test
  void extraEnvironmentSuchAsTheAwsRegionIsPassedThrough() {
    Container operator = container(ChartRenderer.chart().values("ingress.yaml").render(), ChartRenderTest.OPERATOR);

    assertThat(env(operator).get("AWS_REGION").getValue()).isEqualTo("eu-west-1");
  }

  @Test
  void receiverGetsItsPortAndTheMountedSecretFileAsFlags() {
    RenderedChart chart = ChartRenderer.chart().render();
    Deployment deployment = chart.one(Deployment.class, ChartRenderTest.RECEIVER);
    Container receiver = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(receiver.getArgs())
        .containsExactly("--port=8080", "--secret-file=/etc/ec2-runner/webhook/secrets", "--all-namespaces");
    assertThat(env(receiver).get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env(receiver)).doesNotContainKey("WEBHOOK_SECRET");
    assertThat(receiver.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertHttpProbe(receiver.getLivenessProbe(), "/healthz");
    assertHttpProbe(receiver.getReadinessProbe(), "/readyz");

    // The file named by --secret-file is the webhook Secret's key, mounted read-only.
    VolumeMount mount = receiver.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals("/etc/ec2-runner/webhook")).findFirst().orElseThrow();
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mount.getSubPath()).as("subPath mounts never see a rotated secret").isNull();
    Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo(ChartRenderTest.OPERATOR + "-webhook");
    assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
      assertThat(item.getKey()).isEqualTo("webhook-secret");
      assertThat(item.getPath()).isEqualTo("secrets");
    });
  }

  @Test
  void customPortsFlowIntoFlagsEnvProbesAndServices() {
    RenderedChart chart = ChartRenderer.chart().set("operator.httpPort", 9081).set("receiver.port", 9080).render();
    Container operator = container(chart, ChartRenderTest.OPERATOR);
    Container receiver = container(chart, ChartRenderTest.RECEIVER);

    assertThat(env(operator).get("HTTP_PORT").getValue()).isEqualTo("9081");
    assertThat(operator.getPorts().get(0).getContainerPort()).isEqualTo(9081);
    assertThat(receiver.getArgs()).contains("--port=9080");
    assertThat(receiver.getPorts().get(0).getContainerPort()).isEqualTo(9080);
  }

  @Test
  void aDigestPinsTheImageInsteadOfTheTag() {
    String digest = "sha256:" + "ab".repeat(32);
    Container operator = container(ChartRenderer.chart().set("operator.image.digest", digest).render(),
        ChartRenderTest.OPERATOR);

    assertThat(operator.getImage()).isEqualTo("ghcr.io/ec2-runner-operator/ec2-runner-operator/operator@" + digest);
  }

  private static Container container(RenderedChart chart, String deployment) {
    return chart.one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }
}
