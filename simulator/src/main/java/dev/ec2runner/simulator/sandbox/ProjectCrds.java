package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.testkit.kube.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;

/**
 * The project's CRDs on an existing cluster, as {@code kubectl apply --server-side --force-conflicts} would put
 * them: the build's generated definitions win over whatever version is installed, and they stay when the sandbox
 * ends (other users of the cluster may rely on them).
 */
final class ProjectCrds {

  /** The field manager the sandbox's applies are recorded under. */
  static final String FIELD_MANAGER = "ec2-runner-sandbox";
  private static final long ESTABLISHED_WITHIN_SECONDS = 60;

  private ProjectCrds() {
  }

  /** Applies the three CRDs and waits until the server serves them. */
  static void apply(KubernetesClient client) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    for (String plural : Crds.PLURALS) {
      crds.resource(Crds.load(plural)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    for (String plural : Crds.PLURALS) {
      crds.withName(plural + "." + Crds.GROUP).waitUntilCondition(ProjectCrds::established,
          ESTABLISHED_WITHIN_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
