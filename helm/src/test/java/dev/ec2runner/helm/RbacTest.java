package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Least privilege: each component gets only the verbs its work needs, and the internet-facing one no Secrets. */
class RbacTest {

  static final String NS = ChartRenderer.NAMESPACE;
  static final String OPERATOR_SA = ChartRenderTest.OPERATOR;
  static final String RECEIVER_SA = ChartRenderTest.RECEIVER;

  @ParameterizedTest
  @ValueSource(strings = {"", "ingress.yaml", "existing-secrets.yaml", "watched-namespaces.yaml",
      "single-namespace.yaml", "service-monitor.yaml", "app-credentials.yaml"})
  void noRuleUsesWildcardsOrNonResourceUrls(String valuesFile) {
    RenderedChart chart = render(valuesFile);

    List<PolicyRule> rules = new ArrayList<>();
    chart.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    chart.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
    assertThat(rules).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getResources()).isNotEmpty().doesNotContain("*").noneMatch(r -> r.endsWith("/*"));
      assertThat(rule.getApiGroups()).isNotEmpty().doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).isEmpty();
    });
    assertThat(chart.all(ClusterRole.class)).allSatisfy(r -> assertThat(r.getAggregationRule()).isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "watched-namespaces.yaml", "single-namespace.yaml", "existing-secrets.yaml"})
  void receiverCannotReadSecretsNorTouchRunners(String valuesFile) {
    RbacGrants receiver = RbacGrants.of(render(valuesFile), NS, RECEIVER_SA);

    assertThat(receiver.all()).isNotEmpty();
    assertThat(receiver.on("secrets")).isEmpty();
    assertThat(receiver.all()).extracting(RbacGrants.Grant::resource)
        .containsOnly("workflowjobs", "runnerpools");
    assertThat(receiver.all()).extracting(RbacGrants.Grant::apiGroup).containsOnly("ec2runner.dev");
  }

  @Test
  void receiverWritesWorkflowJobsAndOnlyReadsRunnerPools() {
    RbacGrants receiver = RbacGrants.of(render(""), NS, RECEIVER_SA);

    assertThat(receiver.verbs("workflowjobs", "team-x")).containsExactly("create", "get", "list", "patch", "update");
    assertThat(receiver.verbs("runnerpools", "team-x")).containsExactly("get", "list", "watch");
  }

  @Test
  void operatorHasWhatItsControllersUseAndNoMore() {
    RbacGrants operator = RbacGrants.of(render(""), NS, OPERATOR_SA);

    assertThat(operator.verbs("runnerpools", "team-x")).containsExactly("get", "list", "patch", "update", "watch");
    assertThat(operator.verbs("runners", "team-x"))
        .containsExactly("create", "delete", "get", "list", "patch", "update", "watch");
    assertThat(operator.verbs("workflowjobs", "team-x"))
        .containsExactly("delete", "get", "list", "patch", "update", "watch");
    for (String status : List.of("runnerpools/status", "runners/status", "workflowjobs/status")) {
      assertThat(operator.verbs(status, "team-x")).containsExactly("get", "patch", "update");
    }
    assertThat(operator.on("runnerpools/scale")).isEmpty();
    assertThat(operator.verbs("events", "team-x")).containsExactly("create", "patch");
    // The operator reads each pool's App Secret by name; listing or watching Secrets would expose all of them.
    assertThat(operator.verbs("secrets", "team-x")).containsExactly("get");
    assertThat(operator.on("events")).extracting(RbacGrants.Grant::apiGroup).containsOnly("");
    assertThat(operator.all()).extracting(RbacGrants.Grant::resource).containsOnly("runnerpools", "runners",
        "workflowjobs", "runnerpools/status", "runners/status", "workflowjobs/status", "events", "secrets", "leases");
  }

  @Test
  void leaderElectionLeasesAreGrantedOnlyInTheReleaseNamespace() {
    RbacGrants operator = RbacGrants.of(render(""), NS, OPERATOR_SA);

    assertThat(operator.on("leases")).isNotEmpty().allSatisfy(g -> {
      assertThat(g.namespace()).isEqualTo(NS);
      assertThat(g.apiGroup()).isEqualTo("coordination.k8s.io");
    });
    assertThat(operator.verbs("leases", NS)).containsExactly("create", "get", "patch", "update");
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseGrant() {
    RenderedChart chart = ChartRenderer.chart().set("operator.replicaCount", 1).set("operator.leaderElection", false)
        .render();

    assertThat(RbacGrants.of(chart, NS, OPERATOR_SA).on("leases")).isEmpty();
  }

  @Test
  void watchedNamespacesConfineEveryWriteToThoseNamespaces() {
    RenderedChart chart = render("watched-namespaces.yaml");
    RbacGrants operator = RbacGrants.of(chart, NS, OPERATOR_SA);
    RbacGrants receiver = RbacGrants.of(chart, NS, RECEIVER_SA);

    assertThat(operator.all()).extracting(RbacGrants.Grant::namespace)
        .containsOnly("runners", "team-a", "team-b");
    assertThat(operator.verbs("secrets", "team-c")).isEmpty();
    assertThat(operator.verbs("secrets", "team-a")).containsExactly("get");
    // The receiver reads pools and writes jobs exactly where the operator watches.
    assertThat(receiver.all()).extracting(RbacGrants.Grant::namespace).containsOnly("runners", "team-a", "team-b");
    assertThat(receiver.verbs("runnerpools", "team-a")).containsExactly("get", "list", "watch");
    assertThat(receiver.verbs("runnerpools", "team-c")).isEmpty();
    assertThat(receiver.verbs("workflowjobs", "team-c")).isEmpty();
  }

  @Test
  void aSingleWatchedNamespaceConfinesBothComponentsToIt() {
    RenderedChart chart = render("single-namespace.yaml");
    RbacGrants operator = RbacGrants.of(chart, NS, OPERATOR_SA);
    RbacGrants receiver = RbacGrants.of(chart, NS, RECEIVER_SA);

    assertThat(receiver.all()).extracting(RbacGrants.Grant::namespace).containsOnly("team-a");
    assertThat(operator.all()).filteredOn(g -> !g.resource().equals("leases"))
        .extracting(RbacGrants.Grant::namespace).containsOnly("team-a");
    assertThat(receiver.verbs("workflowjobs", "team-a")).containsExactly("create", "get", "list", "patch", "update");
    assertThat(receiver.verbs("runnerpools", "team-a")).containsExactly("get", "list", "watch");
  }

  @Test
  void secretNamesRestrictTheOperatorsSecretAccessToThoseSecrets() {
    RbacGrants operator = RbacGrants.of(render("existing-secrets.yaml"), NS, OPERATOR_SA);

    assertThat(operator.on("secrets")).isNotEmpty()
        .allSatisfy(g -> assertThat(g.resourceNames()).containsExactly("my-github-app"));
  }

  @Test
  void disablingRbacRendersNoRolesOrBindings() {
    RenderedChart chart = ChartRenderer.chart().set("rbac.create", false).render();

    assertThat(chart.objects()).extracting(o -> o.getKind())
        .doesNotContain("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
  }

  private static RenderedChart render(String valuesFile) {
    ChartRenderer renderer = ChartRenderer.chart();
    return valuesFile.isEmpty() ? renderer.render() : renderer.values(valuesFile).render();
  }
}
