package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sandbox's namespace on an existing cluster, and its removal at the end of a run. */
final class SandboxNamespace {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxNamespace.class);

  private final KubernetesClient client;
  private final String name;
  private boolean interrupted;

  SandboxNamespace(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /**
   * Deletes the pools and waits (at most {@code patience}) for the operator, still running, to remove their
   * Runners and its finalizers, as it would on a user's cluster; what is still there after that has its finalizers
   * removed, so that nothing is left behind. Then the WorkflowJobs, the Secrets and the namespace go. Runs to its
   * end even when the thread is interrupted (Ctrl-C): the interruption is kept for the caller.
   */
  void remove(Duration patience) {
    interrupted = Thread.interrupted();
    try {
      client.resources(RunnerPool.class).inNamespace(name).delete();
      if (!awaitEmpty(RunnerPool.class, patience) || !awaitEmpty(Runner.class, Duration.ofSeconds(5))) {
        LOG.warn("the operator did not remove the pools and runners of namespace {} within {}s; removing their"
            + " finalizers", name, patience.toSeconds());
        forceDelete(Runner.class);
        forceDelete(RunnerPool.class);
      }
      client.resources(WorkflowJob.class).inNamespace(name).delete();
      client.secrets().inNamespace(name).delete();
      client.namespaces().withName(name).delete();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T extends HasMetadata> boolean awaitEmpty(Class<T> type, Duration patience) {
    try {
      client.resources(type).inNamespace(name).informOnCondition(List::isEmpty)
          .get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot watch " + type.getSimpleName() + " objects in " + name, e.getCause());
    } catch (InterruptedException e) {
      // Interrupted again while cleaning up: stop waiting, the finalizers are removed instead.
      interrupted = true;
      return false;
    }
  }

  private <T extends HasMetadata> void forceDelete(Class<T> type) {
    for (T object : client.resources(type).inNamespace(name).list().getItems()) {
      try {
        client.resources(type).inNamespace(name).withName(object.getMetadata().getName()).edit(o -> {
          o.getMetadata().setFinalizers(List.of());
          return o;
        });
        client.resources(type).inNamespace(name).withName(object.getMetadata().getName()).delete();
      } catch (KubernetesClientException gone) {
        // Removed meanwhile by the operator: nothing left to do.
      }
    }
  }
}
