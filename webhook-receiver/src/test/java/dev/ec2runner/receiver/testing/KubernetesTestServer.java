package dev.ec2runner.receiver.testing;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.kube.BoundedClientConfig;
import dev.ec2runner.testkit.kube.KubeApiServer;
import dev.ec2runner.testkit.kube.TestCluster;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test's share of the JVM's real API server (a {@link TestCluster}: a namespace of its own, more on request, an
 * administrator's client for fixtures and checks), and clients for the receiver that act as its ServiceAccount with
 * the rules the Helm chart grants it, configured as the receiver configures its own ({@link BoundedClientConfig}).
 * Closing it removes the test's objects and cluster-wide grants and closes its clients. Tests get theirs from
 * {@link ReceiverExtension}, in a {@link Received} field.
 */
public final class KubernetesTestServer implements AutoCloseable {

  /** The receiver's ServiceAccount in each namespace that runs one. */
  public static final String SERVICE_ACCOUNT = "webhook-receiver";
  /** The receiver's rules in the Helm chart (templates/_helpers.tpl, receiverPoolRules and receiverJobRules). */
  public static final PolicyRule READ_POOLS = rule("runnerpools", "get", "list", "watch");
  public static final PolicyRule WRITE_JOBS = rule("workflowjobs", "create", "get", "list", "patch", "update");

  private final TestCluster cluster = TestCluster.create("receiver");
  private final KubeApiServer server = cluster.server();
  private final KubernetesClient client = cluster.client();
  private final List<String> clusterGrants = new CopyOnWriteArrayList<>();
  private final String namespace = cluster.namespace();

  private static PolicyRule rule(String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups("ec2runner.dev").withResources(resource).withVerbs(verbs).build();
  }

  /** The test's own namespace. */
  public String namespace() {
    return namespace;
  }

  /** Another namespace for this test (a bare API server has no namespace controller: it is emptied, not deleted). */
  public String createNamespace(String prefix) {
    return cluster.createNamespace(prefix);
  }

  /** The test's share of the API server, for clients of other identities or interceptors; closed with this. */
  public TestCluster cluster() {
    return cluster;
  }

  /** The administrator's client (system:masters), for fixtures and checks; closed with this. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A client for a receiver of one namespace (or of all, when null), acting as {@link #SERVICE_ACCOUNT} of the test's
   * namespace with the chart's rules there (or cluster-wide); closed with this.
   */
  public KubernetesClient receiverClient(String watched) {
    return receiverClient(watched, List.of(READ_POOLS, WRITE_JOBS), new Interceptor() {
    });
  }

  /** A client for a receiver of several namespaces, with the chart's rules in each of them and nowhere else. */
  public KubernetesClient receiverClient(List<String> watched) {
    watched.forEach(this::grantReceiver);
    Config config = server.serviceAccountConfig(namespace, SERVICE_ACCOUNT);
    config.setNamespace(watched.get(0));
    return cluster.newClient(BoundedClientConfig.of(config), new Interceptor() {
    });
  }

  /** A receiver's client whose requests pass the interceptor first (to inject races or an outage). */
  public KubernetesClient receiverClient(String watched, Interceptor interceptor) {
    return receiverClient(watched, List.of(READ_POOLS, WRITE_JOBS), interceptor);
  }

  /** A receiver's client granted only the given rules. */
  public KubernetesClient receiverClient(String watched, List<PolicyRule> rules) {
    return receiverClient(watched, rules, new Interceptor() {
    });
  }

  /** A receiver's client granted only the given rules, whose requests pass the interceptor first. */
  public KubernetesClient receiverClient(String watched, List<PolicyRule> rules, Interceptor interceptor) {
    grantReceiver(watched, rules);
    Config config = server.serviceAccountConfig(namespace, SERVICE_ACCOUNT);
    config.setNamespace(watched == null ? namespace : watched);
    return cluster.newClient(BoundedClientConfig.of(config), interceptor);
  }

  /** Grants the receiver's ServiceAccount the chart's rules in the watched namespace, or cluster-wide when null. */
  public void grantReceiver(String watched) {
    grantReceiver(watched, List.of(READ_POOLS, WRITE_JOBS));
  }

  /** Binds the rules to the receiver's ServiceAccount in the watched namespace, or cluster-wide when it is null. */
  public void grantReceiver(String watched, List<PolicyRule> rules) {
    Subject subject = new SubjectBuilder().withKind("ServiceAccount").withName(SERVICE_ACCOUNT).withNamespace(namespace)
        .build();
    client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(SERVICE_ACCOUNT).endMetadata().build()).createOr(existing -> existing.update());
    if (watched == null) {
      // Cluster-scoped objects outlive the namespace: named after it, removed on close.
      String name = "webhook-receiver-" + namespace;
      clusterGrants.add(name);
      client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
          .withRules(rules).build()).create();
      client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name)
          .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name).withSubjects(subject).build())
          .create();
      return;
    }
    client.rbac().roles().inNamespace(watched).resource(new RoleBuilder().withNewMetadata().withName(SERVICE_ACCOUNT)
        .endMetadata().withRules(rules).build()).createOr(existing -> existing.update());
    client.rbac().roleBindings().inNamespace(watched).resource(new RoleBindingBuilder().withNewMetadata()
        .withName(SERVICE_ACCOUNT).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", SERVICE_ACCOUNT)
        .withSubjects(subject).build()).createOr(existing -> existing.update());
  }

  /** A token of the receiver's ServiceAccount, as a pod would mount it (the API server signs it). */
  public String receiverToken() {
    return client.serviceAccounts().inNamespace(namespace).withName(SERVICE_ACCOUNT)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  /** The administrator's configuration, for what a separate process needs to reach the server (URL, CA). */
  public Config adminConfig() {
    return server.adminConfig();
  }

  /** Creates the test RunnerPools of pools.yaml in the namespace. */
  public List<RunnerPool> createPools(String ns) {
    return TestPools.load().stream()
        .map(pool -> client.resources(RunnerPool.class).inNamespace(ns).resource(pool).create())
        .toList();
  }

  public WorkflowJob workflowJob(String ns, String name) {
    return client.resources(WorkflowJob.class).inNamespace(ns).withName(name).get();
  }

  public List<WorkflowJob> workflowJobs(String ns) {
    return client.resources(WorkflowJob.class).inNamespace(ns).list().getItems();
  }

  @Override
  public void close() {
    for (String name : clusterGrants) {
      client.rbac().clusterRoleBindings().withName(name).delete();
      client.rbac().clusterRoles().withName(name).delete();
    }
    cluster.close();
  }
}
