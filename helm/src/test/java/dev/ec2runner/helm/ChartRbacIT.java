package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's own RBAC on a real API server (RBAC authorization on): the operator and the receiver run as the
 * release's ServiceAccounts through a runner's whole life ({@link RunnerLifeCycle}) in both of the chart's modes, and
 * the API server refuses none of their requests. RbacTest reads the rendered rules; this shows they are enough.
 */
class ChartRbacIT {

  private static KubeApiServer server;
  private final List<String> namespaces = new ArrayList<>();
  private ChartInstall release;

  @BeforeAll
  static void startServer() {
    server = KubeApiServer.shared();
  }

  @AfterEach
  void uninstall() {
    if (release != null) {
      release.close();
    }
    namespaces.forEach(server::clean);
  }

  @Test
  void allNamespacesByDefaultARunnersWholeLifeIsRefusedNothing() {
    String releaseNamespace = namespace("rel");
    String pools = namespace("pools");
    release = install(ChartRenderer.chart().as("all", releaseNamespace).render(), releaseNamespace);

    RunnerLifeCycle.Outcome outcome = RunnerLifeCycle.run(server, release, List.of(pools));

    assertThat(outcome.forbidden()).isEmpty();
    assertThat(outcome.steps()).contains("housekeeping lists the pools", "pool deleted in " + pools);
  }

  @Test
  void twoWatchedNamespacesARunnersWholeLifeInEachIsRefusedNothing(@TempDir Path dir) throws IOException {
    String releaseNamespace = namespace("rel");
    String teamA = namespace("team-a");
    String teamB = namespace("team-b");
    Path values = Files.writeString(dir.resolve("values.yaml"),
        "watchNamespaces: [" + teamA + ", " + teamB + "]\n");
    RenderedChart chart = ChartRenderer.chart().as("two", releaseNamespace).valuesFile(values).render();
    release = install(chart, releaseNamespace);
    // The mode under test: the operator holds no cluster-wide grant, so a cluster-wide list would be refused.
    assertThat(RbacGrants.of(chart, releaseNamespace, release.operatorServiceAccount()).all())
        .extracting(RbacGrants.Grant::namespace).containsOnly(releaseNamespace, teamA, teamB);

    RunnerLifeCycle.Outcome outcome = RunnerLifeCycle.run(server, release, List.of(teamA, teamB));

    assertThat(outcome.forbidden()).isEmpty();
    assertThat(outcome.steps()).contains("housekeeping lists the pools", "pool deleted in " + teamA,
        "pool deleted in " + teamB);
    // The housekeeping pass used to list pools across all namespaces, which this mode refuses.
    try (KubernetesClient operator = KubeApiServer.newClient(
        server.serviceAccountConfig(releaseNamespace, release.operatorServiceAccount()))) {
      assertRefused(() -> operator.resources(RunnerPool.class).inAnyNamespace().list());
    }
  }

  @Test
  void theReceiversIdentityCannotReadSecrets() {
    String releaseNamespace = namespace("rel");
    String pools = namespace("pools");
    RenderedChart chart = ChartRenderer.chart().as("secrets", releaseNamespace).render();
    release = install(chart, releaseNamespace);
    Secret webhookSecret = chart.all(Secret.class).stream()
        .filter(s -> s.getMetadata().getName().endsWith("-webhook")).findFirst().orElseThrow();
    server.adminClient().resource(webhookSecret).create();
    server.adminClient().resource(TestResources.appSecret(pools)).create();
    ForbiddenRequests recorder = new ForbiddenRequests();

    try (KubernetesClient receiver = recorder.client(
        server.serviceAccountConfig(releaseNamespace, release.receiverServiceAccount()))) {
      // The identity works (it lists pools); Secrets, the App key's and its own webhook secret, are refused.
      assertThat(receiver.resources(RunnerPool.class).inNamespace(pools).list().getItems()).isEmpty();
      assertRefused(() -> receiver.secrets().inNamespace(pools).withName(TestResources.SECRET).get());
      assertRefused(() -> receiver.secrets().inNamespace(releaseNamespace)
          .withName(webhookSecret.getMetadata().getName()).get());
    }
    // The recorder the life-cycle runs rely on saw both refusals.
    assertThat(recorder.all()).hasSize(2).allMatch(r -> r.startsWith("GET ") && r.contains("/secrets/"));
  }

  @Test
  void withoutPatchOnRunnerStatusTheSameLifeIsRefused() {
    String releaseNamespace = namespace("rel");
    String pools = namespace("pools");
    RenderedChart chart = ChartRenderer.chart().as("revoked", releaseNamespace).render();
    revoke(chart, "runners/status", "patch");
    release = install(chart, releaseNamespace);
    assertThat(RbacGrants.of(chart, releaseNamespace, release.operatorServiceAccount())
        .verbs("runners/status", pools)).containsExactly("get", "update");

    RunnerLifeCycle.Outcome outcome = RunnerLifeCycle.run(server, release, List.of(pools));

    assertThat(outcome.forbidden()).isNotEmpty()
        .allMatch(r -> r.matches("PATCH /apis/ec2runner\\.dev/v1alpha1/namespaces/" + pools + "/runners/[^/]+/status.*"));
    assertThat(outcome.steps()).doesNotContain("runner idle in " + pools);
  }

  private String namespace(String prefix) {
    String name = server.createNamespace(prefix);
    namespaces.add(name);
    return name;
  }

  private static ChartInstall install(RenderedChart chart, String releaseNamespace) {
    return ChartInstall.install(server.adminClient(), chart, releaseNamespace);
  }

  private static void assertRefused(Runnable request) {
    assertThatThrownBy(request::run).isInstanceOfSatisfying(KubernetesClientException.class,
        e -> assertThat(e.getCode()).isEqualTo(403));
  }

  /** Takes one verb on one resource away from every role of the chart; the rules' other resources keep it. */
  private static void revoke(RenderedChart chart, String resource, String verb) {
    chart.all(ClusterRole.class).forEach(role -> role.setRules(revoked(role.getRules(), resource, verb)));
    chart.all(Role.class).forEach(role -> role.setRules(revoked(role.getRules(), resource, verb)));
  }

  private static List<PolicyRule> revoked(List<PolicyRule> rules, String resource, String verb) {
    List<PolicyRule> result = new ArrayList<>();
    for (PolicyRule rule : rules) {
      if (!rule.getResources().contains(resource) || !rule.getVerbs().contains(verb)) {
        result.add(rule);
        continue;
      }
      List<String> others = rule.getResources().stream().filter(r -> !r.equals(resource)).toList();
      if (!others.isEmpty()) {
        result.add(new PolicyRuleBuilder(rule).withResources(others).build());
      }
      result.add(new PolicyRuleBuilder(rule).withResources(resource)
          .withVerbs(rule.getVerbs().stream().filter(v -> !v.equals(verb)).toList()).build());
    }
    return result;
  }
}
