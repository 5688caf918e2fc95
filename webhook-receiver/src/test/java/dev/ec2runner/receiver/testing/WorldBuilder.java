package dev.ec2runner.receiver.testing;

import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * The options of a {@link ReceiverWorld}; each {@link #build()} makes a fresh world of them. By default: the RunnerPools
 * of pools.yaml in the test's namespace, and a receiver of that namespace running, acting as its ServiceAccount with
 * the chart's rules, its API calls passing no interceptor.
 */
public final class WorldBuilder {

  private boolean pools = true;
  private boolean receiverRunning = true;
  private Interceptor interceptor = new Interceptor() {
  };

  WorldBuilder() {
  }

  /** No RunnerPools: the test creates its own, where it needs them. */
  public WorldBuilder withoutPools() {
    this.pools = false;
    return this;
  }

  /** No receiver: the test starts its own (of another configuration, or as another process), or needs none. */
  public WorldBuilder withoutReceiver() {
    this.receiverRunning = false;
    return this;
  }

  /**
   * The receiver's requests to the API server pass the interceptor first (e.g. an {@link ApiServerCutOff}); one that
   * is AutoCloseable is closed with the world.
   */
  public WorldBuilder interceptor(Interceptor first) {
    this.interceptor = first;
    return this;
  }

  /** A fresh world of these options; close it after the test. */
  public ReceiverWorld build() {
    ReceiverWorld world = new ReceiverWorld(new KubernetesTestServer(),
        interceptor instanceof AutoCloseable closeable ? closeable : () -> { });
    try {
      String namespace = world.namespace();
      if (pools) {
        world.kubernetes().createPools(namespace);
      }
      if (receiverRunning) {
        world.start(new RunningReceiver(world.kubernetes().receiverClient(namespace, interceptor), namespace));
      }
      return world;
    } catch (RuntimeException failed) {
      world.close();
      throw failed;
    }
  }
}
