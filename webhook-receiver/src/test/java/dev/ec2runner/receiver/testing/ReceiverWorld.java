package dev.ec2runner.receiver.testing;

/**
 * What a receiver test stands on: its share of the JVM's real API server ({@link KubernetesTestServer}, a namespace
 * of its own) holding the RunnerPools of pools.yaml, and the receiver as ReceiverMain wires it ({@link RunningReceiver}),
 * watching that namespace as its ServiceAccount with the Helm chart's rules. {@link WorldBuilder} leaves out the
 * pools or the receiver, or puts an interceptor before the receiver's API calls; {@link ReceiverExtension} builds one
 * world before each test and closes it after.
 */
public final class ReceiverWorld implements AutoCloseable {

  private final KubernetesTestServer kubernetes;
  private final AutoCloseable interceptor;
  private RunningReceiver receiver;

  ReceiverWorld(KubernetesTestServer kubernetes, AutoCloseable interceptor) {
    this.kubernetes = kubernetes;
    this.interceptor = interceptor;
  }

  /** The default options: pools in the test's namespace and a receiver of it running. */
  public static WorldBuilder builder() {
    return new WorldBuilder();
  }

  public KubernetesTestServer kubernetes() {
    return kubernetes;
  }

  /** The test's namespace: where the pools are and the receiver writes WorkflowJobs. */
  public String namespace() {
    return kubernetes.namespace();
  }

  /** The running receiver; the world must have been built with one. */
  public RunningReceiver receiver() {
    if (receiver == null) {
      throw new IllegalStateException("this world was built without a receiver (WorldBuilder.withoutReceiver)");
    }
    return receiver;
  }

  void start(RunningReceiver started) {
    this.receiver = started;
  }

  /**
   * Stops the receiver, then removes the test's objects from the API server and closes its clients, and last the
   * receiver's interceptor if it holds resources.
   */
  @Override
  public void close() {
    try {
      if (receiver != null) {
        receiver.close();
      }
    } finally {
      try {
        kubernetes.close();
      } finally {
        closeInterceptor();
      }
    }
  }

  private void closeInterceptor() {
    try {
      interceptor.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the receiver's interceptor", e);
    }
  }
}
