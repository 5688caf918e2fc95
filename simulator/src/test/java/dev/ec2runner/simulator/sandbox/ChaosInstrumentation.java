package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.simulator.world.SimulatedWorld;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a chaos run adds to the scenario's faults: GitHub's busy flag lagging behind the runners, set on the world
 * the harness hands over at each operator (re)start, a count of the EC2/SSM failures the operator received, and a
 * count of the Runner changes the API server made in the run's namespace (each one checked against the pool's cap by
 * the harness).
 */
final class ChaosInstrumentation implements Instrumentation, AutoCloseable {

  private final Duration busyFlagLag;
  private final KubernetesClient client;
  private final String namespace;
  private final CloudFaultCounts cloudFaults = new CloudFaultCounts();
  private final AtomicLong runnerChanges = new AtomicLong();
  private SimulatedWorld world;
  private SharedIndexInformer<Runner> informer;

  /**
   * @param busyFlagLag how long (simulated) GitHub keeps reporting a runner idle after it took a job
   * @param client a client of the run's cluster (the Runner changes are watched through it); not closed here
   * @param namespace the run's namespace
   */
  ChaosInstrumentation(Duration busyFlagLag, KubernetesClient client, String namespace) {
    this.busyFlagLag = busyFlagLag;
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public synchronized RunnerCloud cloud(SimulatedWorld current) {
    current.github().busyFlagLag(busyFlagLag);
    if (world == null) {
      world = current;
      watchRunners();
    }
    return new CallGate(List.of(cloudFaults)).wrap(RunnerCloud.class, current.cloudApi());
  }

  private void watchRunners() {
    informer = client.resources(Runner.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Runner runner) {
        runnerChanges.incrementAndGet();
      }

      @Override
      public void onUpdate(Runner before, Runner after) {
        runnerChanges.incrementAndGet();
      }

      @Override
      public void onDelete(Runner runner, boolean finalStateUnknown) {
        runnerChanges.incrementAndGet();
      }
    });
  }

  /** The world of the run; null before the operator first started. */
  synchronized SimulatedWorld world() {
    return world;
  }

  CloudFaultCounts cloudFaults() {
    return cloudFaults;
  }

  long runnerChanges() {
    return runnerChanges.get();
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
