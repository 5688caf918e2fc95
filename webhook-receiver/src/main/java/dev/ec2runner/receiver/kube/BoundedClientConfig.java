package dev.ec2runner.receiver.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.time.Duration;

/**
 * Kubernetes client settings that keep every API call short: GitHub waits only 10 s for an answer, and a 503 that
 * comes in time is better than a timeout. fabric8's default of retrying failed requests with backoff is switched off.
 */
public final class BoundedClientConfig {

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private BoundedClientConfig() {
  }

  /** The given configuration (kubeconfig, in-cluster, or a test server's) with bounded timeouts and no retries. */
  public static Config of(Config base) {
    return new ConfigBuilder(base)
        .withConnectionTimeout((int) CONNECT_TIMEOUT.toMillis())
        .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
        .withRequestRetryBackoffLimit(0)
        .build();
  }
}
