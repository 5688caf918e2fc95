package dev.ec2runner.operator.recovery;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.WebhookDelivery;
import dev.ec2runner.operator.github.access.InstallationRef;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers lost webhooks (leader only): every interval, for each distinct GitHub App the pools use, lists the
 * deliveries of {@code workflow_job} and {@code check_run} events that never reached the receiver and asks GitHub to
 * redeliver them, so a receiver outage loses no job. Each failed attempt is redelivered once and each event a few
 * times at most ({@link RedeliveryLedger}). The first scan looks back {@link #FIRST_LOOKBACK}; later scans start
 * where the last complete one did, minus {@link #OVERLAP} for attempts GitHub records late.
 */
public final class WebhookRecovery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookRecovery.class);
  static final Set<String> EVENTS = Set.of("workflow_job", "check_run");

  /** Answers the receiver gives to the payload itself; 401 stays retryable, since a secret rotation may fix it. */
  static final Set<Integer> REFUSED_FOR_GOOD = Set.of(400, 413, 415);
  static final Duration FIRST_LOOKBACK = Duration.ofHours(1);
  static final Duration OVERLAP = Duration.ofMinutes(1);
  static final int MAX_REDELIVERIES_PER_EVENT = 3;
  static final int REMEMBERED_EVENTS = 10_000;

  private final Supplier<Map<InstallationRef, GitHubInstallation>> installations;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Duration interval;
  private final RedeliveryLedger ledger = new RedeliveryLedger(MAX_REDELIVERIES_PER_EVENT, REMEMBERED_EVENTS);
  private final Map<String, Instant> windowStart = new HashMap<>();
  private final Object timerLock = new Object();
  private ScheduledExecutorService timer;

  /**
   * @param installations one client per installation the pools currently use
   */
  public WebhookRecovery(Supplier<Map<InstallationRef, GitHubInstallation>> installations, OperatorMetrics metrics,
      Clock clock, Duration interval) {
    this.installations = installations;
    this.metrics = metrics;
    this.clock = clock;
    this.interval = interval;
  }

  /** One scan of every App; called by the timer, and by tests directly. */
  public synchronized void runOnce() {
    Map<String, GitHubInstallation> appClients = new HashMap<>();
    Map<String, Set<Long>> appInstallations = new HashMap<>();
    installations.get().forEach((installation, client) -> {
      appClients.putIfAbsent(installation.appKey(), client);
      appInstallations.computeIfAbsent(installation.appKey(), k -> new HashSet<>())
          .add(installation.installationId());
    });
    appClients.forEach((app, client) -> scan(app, client, appInstallations.get(app)));
  }

  private void scan(String app, GitHubInstallation client, Set<Long> installationIds) {
    Instant now = clock.instant();
    Instant earliest = now.minus(FIRST_LOOKBACK);
    Instant since = windowStart.getOrDefault(app, earliest);
    since = since.isBefore(earliest) ? earliest : since;
    List<WebhookDelivery> failed;
    try {
      failed = client.failedDeliveries(since);
    } catch (GitHubException.Throttled e) {
      metrics.webhookRecoveryScan("throttled");
      return;
    } catch (GitHubException e) {
      metrics.webhookRecoveryScan("failed");
      LOG.warn("failed webhook deliveries not listed app={} error=\"{}\"", app, e.getMessage());
      return;
    }
    boolean complete = true;
    for (WebhookDelivery delivery : failed) {
      if (!EVENTS.contains(delivery.event()) || !installationIds.contains(delivery.installationId())) {
        continue;
      }
      if (REFUSED_FOR_GOOD.contains(delivery.statusCode())) {
        // The receiver judged the payload itself (malformed, too large, wrong type): a redelivery fails the same way.
        continue;
      }
      RedeliveryLedger.Decision decision = ledger.decide(delivery);
      if (decision == RedeliveryLedger.Decision.ABANDON) {
        metrics.webhookRedelivery("abandoned");
        LOG.warn("webhook redelivered {} times and still failing; giving up app={} guid={} event={} status={}",
            MAX_REDELIVERIES_PER_EVENT, app, delivery.guid(), delivery.event(), delivery.statusCode());
      }
      if (decision != RedeliveryLedger.Decision.REDELIVER) {
        continue;
      }
      try {
        client.redeliver(delivery.id());
        ledger.redelivered(delivery);
        metrics.webhookRedelivery("requested");
        LOG.info("webhook redelivery requested app={} guid={} event={} action={} failedStatus={}", app,
            delivery.guid(), delivery.event(), delivery.action(), delivery.statusCode());
      } catch (GitHubException.Throttled e) {
        complete = false;
        break;
      } catch (GitHubException.NotFound e) {
        // Older than GitHub keeps deliveries: nothing left to recover.
        ledger.redelivered(delivery);
      } catch (GitHubException e) {
        complete = false;
        metrics.webhookRedelivery("failed");
        LOG.warn("webhook redelivery failed app={} guid={} error=\"{}\"", app, delivery.guid(), e.getMessage());
      }
    }
    metrics.webhookRecoveryScan(complete ? "success" : "incomplete");
    if (complete) {
      windowStart.put(app, now.minus(OVERLAP));
    }
  }

  /** Scans every interval on a daemon thread until {@link #close()}; the first scan after one interval. */
  public void start() {
    synchronized (timerLock) {
      if (timer != null) {
        return;
      }
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-recovery");
        thread.setDaemon(true);
        return thread;
      });
      timer.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.error("webhook recovery round failed error=\"{}\"", e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    synchronized (timerLock) {
      if (timer != null) {
        timer.shutdownNow();
        timer = null;
      }
    }
  }
}
