package dev.ec2runner.testkit.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's CRDs as the build generates them: the crds module's {@code META-INF/fabric8/*-v1.yml}, which every
 * module that tests against the server has on its classpath (this module does not depend on crds, so that the
 * crds module's own tests can stand on it).
 */
public final class Crds {

  public static final String GROUP = "ec2runner.dev";
  private static final String API_VERSION = GROUP + "/v1alpha1";

  /** Plural names, in the order objects are removed: jobs and runners before the pools that own them. */
  public static final List<String> PLURALS = List.of("workflowjobs", "runners", "runnerpools");
  private static final List<String> KINDS = List.of("WorkflowJob", "Runner", "RunnerPool");

  private Crds() {
  }

  /** A generated CRD by plural name, from the classpath. */
  public static CustomResourceDefinition load(String plural) {
    String path = "META-INF/fabric8/" + plural + "." + GROUP + "-v1.yml";
    try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath; build the crds module first");
      }
      return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies the three CRDs as {@code kubectl apply --server-side --force-conflicts} would, under the field manager:
   * the build's generated definitions win over whatever version is installed. Waits until the server serves them.
   */
  public static void apply(KubernetesClient client, String fieldManager) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    for (String plural : PLURALS) {
      CustomResourceDefinition crd = load(plural);
      crd.getMetadata().setResourceVersion(null);
      crds.resource(crd).fieldManager(fieldManager).forceConflicts().serverSideApply();
    }
    for (String plural : PLURALS) {
      crds.withName(plural + "." + GROUP).waitUntilCondition(Crds::established, 60, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Deletes every object of the three kinds in the namespace: finalizers removed first, then one collection delete
   * per kind (a test may leave hundreds).
   */
  static void removeAll(KubernetesClient client, String namespace) {
    for (String kind : KINDS) {
      var objects = client.genericKubernetesResources(API_VERSION, kind).inNamespace(namespace);
      for (GenericKubernetesResource object : objects.list().getItems()) {
        if (object.getMetadata().getFinalizers() != null && !object.getMetadata().getFinalizers().isEmpty()) {
          try {
            objects.withName(object.getMetadata().getName()).edit(o -> {
              o.getMetadata().setFinalizers(List.of());
              return o;
            });
          } catch (KubernetesClientException gone) {
            // Deleted meanwhile (an operator still stopping removed its own finalizer): nothing left to do.
          }
        }
      }
      objects.delete();
    }
  }
}
