package dev.ec2runner.operator.github.access;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The App Secrets the pools name, each read by name at most once per refresh period however many pools name it:
 * the pools of a namespace usually share one App Secret, and a read per pool was most of the operator's requests at
 * rest (400 a minute for 200 pools). Only {@code get} by name: the operator neither lists nor watches Secrets, so the
 * chart can confine it to the Secrets' names ({@code rbac.secretNames}), which a watch would not allow.
 */
final class AppSecretReads {

  /** What a read found: the Secret, none, or the HTTP status that refused it. */
  sealed interface Read permits Found, Missing, Failed {
  }

  record Found(Secret secret) implements Read {
    /** Names the Secret, never its data. */
    @Override
    public String toString() {
      return "Found[" + secret.getMetadata().getName() + "@" + secret.getMetadata().getResourceVersion() + "]";
    }
  }

  record Missing() implements Read {
  }

  record Failed(int httpStatus) implements Read {
  }

  private record Timed(Read read, Instant at) {
  }

  private final KubernetesClient kubernetes;
  private final Clock clock;
  private final Duration refreshPeriod;
  private final Map<String, Timed> reads = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  AppSecretReads(KubernetesClient kubernetes, Clock clock, Duration refreshPeriod) {
    this.kubernetes = kubernetes;
    this.clock = clock;
    this.refreshPeriod = refreshPeriod;
  }

  /** The Secret as last read, read again when that was a refresh period ago or longer. */
  Read read(String namespace, String name) {
    String key = namespace + "/" + name;
    Timed last = reads.get(key);
    if (fresh(last)) {
      return last.read();
    }
    // One read per Secret: the pools naming it reconcile side by side, and all found the last read expired at once.
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      last = reads.get(key);
      if (fresh(last)) {
        return last.read();
      }
      Instant now = clock.instant();
      Read read = fetch(namespace, name);
      reads.put(key, new Timed(read, now));
      return read;
    }
  }

  private boolean fresh(Timed last) {
    return last != null && last.at().plus(refreshPeriod).isAfter(clock.instant());
  }

  private Read fetch(String namespace, String name) {
    try {
      Secret secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
      return secret == null ? new Missing() : new Found(secret);
    } catch (KubernetesClientException e) {
      return new Failed(e.getCode());
    }
  }
}
