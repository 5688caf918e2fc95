package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.testkit.kube.KubeApiServer;
import java.io.PrintStream;
import java.nio.file.Path;

/** The lines that tell the user which Kubernetes the sandbox uses and how to watch it with kubectl. */
final class ClusterLines {

  private static final String RESOURCES = "runnerpools,runners,workflowjobs";

  private ClusterLines() {
  }

  /** @param kubeconfig the existing cluster's kubeconfig as given on the command line; null for the sandbox's own */
  static void print(PrintStream out, Path kubeconfig, KubernetesTarget target) {
    if (target instanceof KubernetesTarget.ExistingCluster existing) {
      out.println("cluster: the one " + kubeconfig + " points at, in namespace " + existing.namespace()
          + " (removed at the end)");
      out.println("watch it: kubectl --kubeconfig " + kubeconfig + " get " + RESOURCES + " -n "
          + existing.namespace());
      return;
    }
    Path written = ((KubernetesTarget.OwnServer) target).kubeconfig();
    out.println("cluster: kube-apiserver and etcd on 127.0.0.1, started for this run");
    out.println("watch it: kubectl --kubeconfig " + written + " get " + RESOURCES + " -A");
    out.println("          (" + serversKubectl() + " is the server's release; any kubectl within one minor"
        + " version works)");
  }

  private static Path serversKubectl() {
    String binaries = System.getProperty(KubeApiServer.BINARIES_PROPERTY);
    return (binaries == null || binaries.isBlank() ? KubeApiServer.DEFAULT_BINARIES : Path.of(binaries))
        .resolve("kubectl");
  }
}
