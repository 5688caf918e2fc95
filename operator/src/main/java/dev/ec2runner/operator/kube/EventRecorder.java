package dev.ec2runner.operator.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about pools and Runners ({@code kubectl describe} shows them). The same reason and message
 * for the same object is written at most once per quiet period, so a retry loop does not flood the namespace.
 * Failing to write an Event never fails a reconcile.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "ec2-runner-operator";
  private static final int MAX_MESSAGE = 1024;
  private static final int REMEMBERED = 2048;

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration quietPeriod;
  private final Map<String, Instant> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > REMEMBERED;
    }
  };

  public EventRecorder(KubernetesClient client, Clock clock, Duration quietPeriod) {
    this.client = client;
    this.clock = clock;
    this.quietPeriod = quietPeriod;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    Instant now = clock.instant();
    String key = object.getMetadata().getUid() + "|" + reason + "|" + message;
    synchronized (recent) {
      Instant last = recent.get(key);
      if (last != null && last.plus(quietPeriod).isAfter(now)) {
        return;
      }
      recent.put(key, now);
    }
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
    String namespace = object.getMetadata().getNamespace();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(object.getApiVersion())
            .withKind(object.getKind())
            .withName(object.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(object.getMetadata().getUid())
            .withResourceVersion(object.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    LOG.info("event kind={} object={}/{} type={} reason={} message=\"{}\"", object.getKind(), namespace,
        object.getMetadata().getName(), type, reason, text);
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (RuntimeException e) {
      LOG.warn("event not written object={}/{} reason={} error=\"{}\"", namespace, object.getMetadata().getName(),
          reason, e.getMessage());
    }
  }
}
