package dev.ec2runner.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A release's identities on a real API server, as {@code helm install} creates them: the chart's ServiceAccounts,
 * Roles, ClusterRoles and their bindings. The Deployments are not run; what they would run is read from them (the
 * operator's environment, the receiver's arguments) so the test can run the same code in-process as the same
 * ServiceAccounts. Closing removes the cluster-wide objects, so no later release on the server inherits their grants.
 */
final class ChartInstall implements AutoCloseable {

  private static final Set<String> IDENTITY_KINDS =
      Set.of("ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
  private static final String COMPONENT = "app.kubernetes.io/component";

  private final KubernetesClient admin;
  private final RenderedChart chart;
  private final String namespace;
  private final List<HasMetadata> clusterWide = new ArrayList<>();

  private ChartInstall(KubernetesClient admin, RenderedChart chart, String namespace) {
    this.admin = admin;
    this.chart = chart;
    this.namespace = namespace;
  }

  /** Creates the chart's identities; the release namespace and every namespace the values name must exist. */
  static ChartInstall install(KubernetesClient admin, RenderedChart chart, String releaseNamespace) {
    ChartInstall install = new ChartInstall(admin, chart, releaseNamespace);
    for (HasMetadata object : chart.objects()) {
      if (IDENTITY_KINDS.contains(object.getKind())) {
        admin.resource(object).create();
        if (!(object instanceof Namespaced)) {
          install.clusterWide.add(object);
        }
      }
    }
    return install;
  }

  String namespace() {
    return namespace;
  }

  String operatorServiceAccount() {
    return deployment("operator").getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  String receiverServiceAccount() {
    return deployment("webhook-receiver").getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /**
   * The operator container's environment as the kubelet sets it: the one fieldRef is the pod's namespace, the
   * ConfigMap keys come from the chart's ConfigMaps.
   */
  Map<String, String> operatorEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : container("operator").getEnv()) {
      if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
        ConfigMapKeySelector ref = variable.getValueFrom().getConfigMapKeyRef();
        env.put(variable.getName(), chart.one(ConfigMap.class, ref.getName()).getData().get(ref.getKey()));
      } else if (variable.getValueFrom() != null) {
        String field = variable.getValueFrom().getFieldRef().getFieldPath();
        if (!field.equals("metadata.namespace")) {
          throw new IllegalStateException("the operator reads " + field + " from its pod; add it here");
        }
        env.put(variable.getName(), namespace);
      } else {
        env.put(variable.getName(), variable.getValue());
      }
    }
    return env;
  }

  /** The receiver container's arguments. */
  List<String> receiverArguments() {
    return container("webhook-receiver").getArgs();
  }

  private Container container(String component) {
    return deployment(component).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private Deployment deployment(String component) {
    return chart.all(Deployment.class).stream()
        .filter(d -> component.equals(d.getMetadata().getLabels().get(COMPONENT)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + component + " Deployment among " + chart.summary()));
  }

  @Override
  public void close() {
    clusterWide.forEach(object -> admin.resource(object).delete());
  }
}
