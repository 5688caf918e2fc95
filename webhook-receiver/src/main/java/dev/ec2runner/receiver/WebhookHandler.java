package dev.ec2runner.receiver;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.event.JobEventParser;
import dev.ec2runner.receiver.event.JobSource;
import dev.ec2runner.receiver.event.MalformedPayloadException;
import dev.ec2runner.receiver.event.ParsedDelivery;
import dev.ec2runner.receiver.kube.KubernetesUnavailableException;
import dev.ec2runner.receiver.kube.PoolDirectory;
import dev.ec2runner.receiver.kube.ServingPool;
import dev.ec2runner.receiver.kube.WorkflowJobRejectedException;
import dev.ec2runner.receiver.kube.WorkflowJobWriter;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a delivery means, independent of HTTP: verify the signature, read the event, find the pool that
 * serves the job, record it. Logs name deliveries and jobs, never secrets, signatures or payload contents.
 */
public final class WebhookHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  private static final int MAX_DELIVERY_ID_LENGTH = 128;
  private static final Map<Outcome, String> ANSWERS = Map.of(
      Outcome.CREATED, "workflow job recorded",
      Outcome.UPDATED, "workflow job updated",
      Outcome.UNCHANGED, "already recorded");

  private final WebhookSignature signature;
  private final JobEventParser parser = new JobEventParser();
  private final PoolDirectory pools;
  private final WorkflowJobWriter writer;

  /** Each WorkflowJob is written into the namespace of the pool that serves it, where the operator looks for it. */
  public WebhookHandler(WebhookSignature signature, PoolDirectory pools, WorkflowJobWriter writer) {
    this.signature = signature;
    this.pools = pools;
    this.writer = writer;
  }

  public WebhookResponse handle(Delivery delivery) {
    String event = delivery.event();
    if (!signature.verify(delivery.signature(), delivery.body())) {
      LOG.warn("Rejected delivery {}: X-Hub-Signature-256 missing or not matching any configured secret",
          printable(delivery.deliveryId()));
      return WebhookResponse.of(Outcome.UNAUTHORIZED, event, "signature does not match");
    }
    if (event == null || event.isBlank()) {
      return WebhookResponse.of(Outcome.MALFORMED, event, "missing X-GitHub-Event header");
    }
    JobSource source = switch (event) {
      case "workflow_job" -> JobSource.WORKFLOW_JOB;
      case "check_run" -> JobSource.CHECK_RUN;
      default -> null;
    };
    if (source == null) {
      return event.equals("ping") ? WebhookResponse.of(Outcome.PONG, event, "pong")
          : WebhookResponse.of(Outcome.IGNORED, event, "event not used by this receiver");
    }
    return job(source, delivery);
  }

  private WebhookResponse job(JobSource source, Delivery delivery) {
    String event = delivery.event();
    String deliveryId = delivery.deliveryId();
    if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > MAX_DELIVERY_ID_LENGTH) {
      return WebhookResponse.of(Outcome.MALFORMED, event, "missing or overlong X-GitHub-Delivery header");
    }
    ParsedDelivery parsed;
    try {
      parsed = parser.parse(source, WebhookPayload.json(delivery.contentType(), delivery.body()));
    } catch (WebhookPayload.UnsupportedContentTypeException e) {
      return WebhookResponse.of(Outcome.UNSUPPORTED_MEDIA_TYPE, event, e.getMessage());
    } catch (MalformedPayloadException e) {
      LOG.warn("Rejected {} delivery {}: {}", event, printable(deliveryId), e.getMessage());
      return WebhookResponse.of(Outcome.MALFORMED, event, e.getMessage());
    }
    if (parsed instanceof ParsedDelivery.Ignored ignored) {
      LOG.debug("Ignored {} delivery {}: {}", event, printable(deliveryId), printable(ignored.reason()));
      return new WebhookResponse(Outcome.IGNORED, event, ignored.action(), ignored.reason(), null);
    }
    JobEvent job = ((ParsedDelivery.Job) parsed).event();
    String action = parsed.action();
    if (!pools.synced()) {
      // Answering "unmatched" before the pool cache is filled would drop the job; GitHub can redeliver a 503.
      return new WebhookResponse(Outcome.UNAVAILABLE, event, action, "RunnerPool cache not synced yet", null);
    }
    Optional<ServingPool> pool = pools.poolFor(job.request());
    if (pool.isEmpty()) {
      LOG.debug("Job {} of {} ({}) matches no RunnerPool; not recorded", job.jobId(), printable(job.repository()),
          printable(String.join(",", job.labels())));
      return new WebhookResponse(Outcome.UNMATCHED, event, action, "no RunnerPool serves this job", null);
    }
    String target = pool.get().namespace();
    String name = target + "/" + WorkflowJob.nameFor(job.jobId());
    try {
      Outcome outcome = switch (writer.write(target, job, deliveryId)) {
        case CREATED -> Outcome.CREATED;
        case UPDATED -> Outcome.UPDATED;
        case UNCHANGED -> Outcome.UNCHANGED;
      };
      if (outcome == Outcome.UNCHANGED) {
        LOG.debug("{} {} of job {} already recorded (delivery {})", event, action, name, printable(deliveryId));
      } else {
        LOG.info("{} {} by {} {} (pool {}, delivery {})", outcome.tag(), name, event, action, pool.get().name(),
            printable(deliveryId));
      }
      return new WebhookResponse(outcome, event, action, ANSWERS.get(outcome), name);
    } catch (KubernetesUnavailableException e) {
      LOG.warn("Could not record {} delivery {} for {}: {}", event, printable(deliveryId), name, e.getMessage());
      return new WebhookResponse(Outcome.UNAVAILABLE, event, action, e.getMessage(), null);
    } catch (WorkflowJobRejectedException e) {
      LOG.warn("Could not record {} delivery {} for {}: {}", event, printable(deliveryId), name, e.getMessage());
      return new WebhookResponse(Outcome.MALFORMED, event, action, e.getMessage(), null);
    }
  }

  /** A header value fit for a log line: no control characters (no forged lines), bounded length. */
  private static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
    return cleaned.length() > MAX_DELIVERY_ID_LENGTH ? cleaned.substring(0, MAX_DELIVERY_ID_LENGTH) + "..." : cleaned;
  }
}
