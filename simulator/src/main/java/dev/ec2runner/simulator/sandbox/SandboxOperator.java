package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.OperatorRuntime;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real operator ({@link OperatorRuntime}) with its own Kubernetes client, as if it were its own pod. With a
 * restart period it is stopped and a fresh one started on that period (a crash or a rollout): nothing but the
 * cluster and the outside world carries over, not even the GitHub clients' token caches.
 *
 * <p>Every thread the operator starts belongs to {@link #THREADS} (a thread joins the group of the thread that
 * creates it), so that benchmarks can tell the operator's CPU time from the rest of the sandbox's.
 */
final class SandboxOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxOperator.class);
  static final ThreadGroup THREADS = new ThreadGroup("operator");

  /** One operator process: its own Kubernetes client and a fence around its cloud and GitHub. */
  private record Process(KubernetesClient client, OperatorRuntime runtime, ProcessFence fence) {

    void kill() {
      try {
        runtime.close();
      } finally {
        fence.close();
        client.close();
      }
    }
  }

  private final Config kubernetes;
  private final OperatorConfig config;
  private final Supplier<OperatorComponents> components;
  private final ScheduledExecutorService restarts;
  private final AtomicInteger restartCount = new AtomicInteger();
  private Process process;

  private SandboxOperator(Config kubernetes, OperatorConfig config, Supplier<OperatorComponents> components,
      Duration restartEvery) {
    this.kubernetes = kubernetes;
    this.config = config;
    this.components = components;
    this.process = startProcess();
    if (restartEvery == null) {
      this.restarts = null;
    } else {
      this.restarts = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-operator-restarts");
        thread.setDaemon(true);
        return thread;
      });
      long period = restartEvery.toMillis();
      restarts.scheduleAtFixedRate(this::restart, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts the operator.
   *
   * @param components called for each start, so a restarted operator gets fresh clients
   * @param restartEvery real time between restarts; null for none
   */
  static SandboxOperator start(Config kubernetes, OperatorConfig config, Supplier<OperatorComponents> components,
      Duration restartEvery) {
    return new SandboxOperator(kubernetes, config, components, restartEvery);
  }

  /** Starts an operator process from a thread of {@link #THREADS}, so that every thread it starts is in it too. */
  private Process startProcess() {
    FutureTask<Process> start = new FutureTask<>(this::newProcess);
    new Thread(THREADS, start, "operator-start").start();
    try {
      return start.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the operator started", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure
          : new IllegalStateException("the operator did not start", e.getCause());
    }
  }

  private Process newProcess() {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
    ProcessFence fence = new ProcessFence();
    OperatorRuntime started = new OperatorRuntime(client, config, fence.guard(components.get()),
        new SimpleMeterRegistry());
    started.start();
    return new Process(client, started, fence);
  }

  private synchronized void restart() {
    if (process == null) {
      return;
    }
    try {
      LOG.info("restarting the operator (restart {})", restartCount.get() + 1);
      process.kill();
      process = startProcess();
      restartCount.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.error("the operator did not restart", e);
    }
  }

  /** How many times the operator was restarted. */
  int restarts() {
    return restartCount.get();
  }

  @Override
  public synchronized void close() {
    if (restarts != null) {
      restarts.shutdownNow();
    }
    if (process != null) {
      process.kill();
      process = null;
    }
  }
}
