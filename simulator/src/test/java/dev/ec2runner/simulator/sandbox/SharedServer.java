package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.testkit.kube.KubeApiServer;

/**
 * Sandbox runs in tests stand on the test JVM's one API server ({@link KubeApiServer#shared()}) as on an existing
 * cluster: each run in a namespace of its own, which it removes at the end, so that runs never see each other.
 */
final class SharedServer {

  private SharedServer() {
  }

  /** A fresh namespace's worth of the shared server. */
  static KubernetesTarget.ExistingCluster target() {
    return KubernetesTarget.existingCluster(KubeApiServer.shared().adminConfig());
  }

  /** The scenario's strategy at this speed, on the shared server. */
  static SandboxOptions atSpeed(double speed) {
    return SandboxOptions.atSpeed(speed).withKubernetes(target());
  }
}
