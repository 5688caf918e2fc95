package dev.ec2runner.receiver;

import dev.ec2runner.api.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Prometheus metrics of the receiver: deliveries by event, action and outcome, and answer latency. Tag values are
 * limited to known names, since unauthenticated requests choose the event header.
 */
public final class ReceiverMetrics {

  /** The Prometheus text exposition format served on /metrics. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Set<String> EVENTS = Set.of("workflow_job", "check_run", "ping");
  /** workflow_job's actions are the job states; check_run has actions of its own. */
  private static final Set<String> ACTIONS = Stream.concat(Arrays.stream(JobState.values()).map(JobState::wireName),
      Stream.of("created", "rerequested", "requested_action")).collect(Collectors.toUnmodifiableSet());

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public void record(String event, String action, Outcome outcome, long elapsedNanos) {
    String eventTag = known(event, EVENTS);
    Counter.builder("webhook.deliveries")
        .description("Webhook requests by GitHub event, payload action and outcome")
        .tags("event", eventTag, "action", known(action, ACTIONS), "outcome", outcome.tag())
        .register(registry)
        .increment();
    Timer.builder("webhook.delivery.duration")
        .description("Time from reading a request to answering it")
        .tags("event", eventTag, "outcome", outcome.tag())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /** Exposes how many RunnerPools the receiver can match jobs to. */
  public void poolCount(IntSupplier pools) {
    Gauge.builder("webhook.runner.pools", pools::getAsInt)
        .description("RunnerPools known to the receiver")
        .register(registry);
  }

  /**
   * Exposes how many deliveries were turned away with 503 before reaching the receiver (overload). The source must
   * live as long as the server: Micrometer holds it weakly.
   */
  public <T> void overloadRejections(T source, ToDoubleFunction<T> rejected) {
    FunctionCounter.builder("webhook.rejected.overload", source, rejected)
        .description("Webhook requests answered 503 because too many were in flight or waiting")
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  private static String known(String value, Set<String> names) {
    if (value == null || value.isEmpty()) {
      return "none";
    }
    return names.contains(value) ? value : "other";
  }
}
