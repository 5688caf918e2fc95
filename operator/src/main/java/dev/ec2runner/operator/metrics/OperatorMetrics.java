package dev.ec2runner.operator.metrics;

import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.planner.RunnerPhase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The operator's own metrics, on top of JOSDK's reconcile metrics. Names are exported with Prometheus conventions. */
public final class OperatorMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
  private final Timer scaleUpLatency;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.scaleUpLatency = Timer.builder("ec2runner.scale.up.latency")
        .description("Time from a job being queued on GitHub to the launch call for its runner")
        .publishPercentileHistogram()
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Runners of a pool by phase; phases not in the map are set to 0. */
  public void runnerPhases(String namespace, String pool, Map<RunnerPhase, Integer> counts) {
    for (RunnerPhase phase : RunnerPhase.values()) {
      gauge("ec2runner.runners", Tags.of("namespace", namespace, "pool", pool, "phase", phase.wireName()),
          "Runners by phase").set(counts.getOrDefault(phase, 0));
    }
  }

  public void pendingJobs(String namespace, String pool, int count) {
    gauge("ec2runner.pending.jobs", Tags.of("namespace", namespace, "pool", pool),
        "Queued jobs matched to the pool and not yet started").set(count);
  }

  /** Removes a deleted pool's gauges. */
  public void forgetPool(String namespace, String pool) {
    registry.getMeters().stream()
        .filter(m -> namespace.equals(m.getId().getTag("namespace")) && pool.equals(m.getId().getTag("pool")))
        .forEach(registry::remove);
    gauges.keySet().removeIf(key -> key.contains("|" + namespace + "|" + pool + "|"));
  }

  public void launched(String capacityType) {
    registry.counter("ec2runner.launches", "capacity_type", capacityType).increment();
  }

  public void launchFailed(String reason) {
    registry.counter("ec2runner.launch.failures", "reason", reason).increment();
  }

  public void apiCall(String service, String operation, String outcome) {
    registry.counter("ec2runner.api.calls", "service", service, "operation", operation, "outcome", outcome)
        .increment();
  }

  public void scaleUpLatency(Duration latency) {
    if (!latency.isNegative()) {
      scaleUpLatency.record(latency);
    }
  }

  public void runnerDeleted(String reason) {
    registry.counter("ec2runner.runners.deleted", "reason", reason).increment();
  }

  /**
   * A runner of {@code runnerPool} that GitHub gave a job routed to {@code jobPool}: the pools' labels overlap (see
   * the pools' Overlapping condition).
   */
  public void runnerTaken(String namespace, String runnerPool, String jobPool) {
    registry.counter("ec2runner.runners.taken", "namespace", namespace, "pool", runnerPool, "job_pool", jobPool)
        .increment();
  }

  /** A queued job that stopped counting as demand: GitHub will not give it the pool's runners. */
  public void demandNotCounted(String namespace, String pool, String reason) {
    registry.counter("ec2runner.jobs.not.counted", "namespace", namespace, "pool", pool, "reason", reason)
        .increment();
  }

  public void runnerLost(String reason) {
    registry.counter("ec2runner.runners.lost", "reason", reason).increment();
  }

  public void garbageCollected(String kind) {
    registry.counter("ec2runner.garbage.collected", "kind", kind).increment();
  }

  /** Exports an installation's remaining and total hourly GitHub API budget (NaN until GitHub reported it). */
  public void gitHubRateLimit(long appId, long installationId, Supplier<Optional<RateLimitBudget>> budget) {
    Tags tags = Tags.of("app", Long.toString(appId), "installation", Long.toString(installationId));
    Gauge.builder("ec2runner.github.rate.limit.remaining", budget,
            b -> b.get().map(RateLimitBudget::remaining).map(Long::doubleValue).orElse(Double.NaN))
        .tags(tags).description("GitHub API calls the installation has left in the current hour")
        .strongReference(true).register(registry);
    Gauge.builder("ec2runner.github.rate.limit", budget,
            b -> b.get().map(RateLimitBudget::limit).map(Long::doubleValue).orElse(Double.NaN))
        .tags(tags).description("The installation's hourly GitHub API budget").strongReference(true)
        .register(registry);
  }

  /** A redelivery of a failed webhook: requested, failed (GitHub refused or errored) or abandoned (retried enough). */
  public void webhookRedelivery(String outcome) {
    registry.counter("ec2runner.webhook.redeliveries", "outcome", outcome).increment();
  }

  /** A scan of an App's failed webhook deliveries: success, throttled or failed. */
  public void webhookRecoveryScan(String outcome) {
    registry.counter("ec2runner.webhook.recovery.scans", "outcome", outcome).increment();
  }

  /** A long-queued job checked on GitHub: queued, running or finished (completed, cancelled or unknown). */
  public void stillQueuedCheck(String verdict) {
    registry.counter("ec2runner.jobs.still.queued.checks", "verdict", verdict).increment();
  }

  /** A rerun of a job interrupted with its runner: requested, refused (not rerunnable), failed or disabled. */
  public void jobRerun(String outcome) {
    registry.counter("ec2runner.jobs.reruns", "outcome", outcome).increment();
  }

  private AtomicInteger gauge(String name, Tags tags, String description) {
    String key = name + "|" + tags.stream().map(t -> t.getValue()).reduce("", (a, b) -> a + "|" + b) + "|";
    return gauges.computeIfAbsent(key, k -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder(name, value, AtomicInteger::get).tags(tags).description(description).register(registry);
      return value;
    });
  }
}
