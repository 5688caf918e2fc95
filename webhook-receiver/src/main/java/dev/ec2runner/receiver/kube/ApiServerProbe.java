package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** Whether the Kubernetes API answers, by a one-item RunnerPool list; the answer is reused for a short while. */
final class ApiServerProbe {

  private static final long REUSE_NANOS = Duration.ofSeconds(2).toNanos();

  private final KubernetesClient client;
  private final String namespace;
  private long checkedAt;
  private boolean reachable;
  private boolean checked;

  ApiServerProbe(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  synchronized boolean reachable() {
    long now = System.nanoTime();
    if (!checked || now - checkedAt > REUSE_NANOS) {
      reachable = ask();
      checkedAt = System.nanoTime();
      checked = true;
    }
    return reachable;
  }

  private boolean ask() {
    var pools = client.resources(RunnerPool.class);
    var options = new ListOptionsBuilder().withLimit(1L).build();
    try {
      (namespace == null ? pools.inAnyNamespace() : pools.inNamespace(namespace)).list(options);
      return true;
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
