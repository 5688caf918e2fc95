package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.RunnerPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a Runner its instance: adopts the one launched for its UID (remembered, or found by the observation and
 * confirmed by the cloud as this installation's) or, when the {@link LaunchGate} allows, launches one, and records it
 * in the status before anything else is done with it.
 * Does nothing once the status names an instance.
 */
public final class LaunchStep implements RunnerStep {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchStep.class);

  private final LaunchGate gate;
  private final RunnerLauncher launcher;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final RunnerStatusWriter writer;
  private final Clock clock;
  private final Duration recheck;

  public LaunchStep(LaunchGate gate, RunnerLauncher launcher, EventRecorder events, OperatorMetrics metrics,
      Clock clock, Duration recheck) {
    this.gate = gate;
    this.launcher = launcher;
    this.events = events;
    this.metrics = metrics;
    this.writer = new RunnerStatusWriter(clock);
    this.clock = clock;
    this.recheck = recheck;
  }

  @Override
  public Step reconcile(Runner runner, RunnerContext in) {
    if (runner.getStatus() != null && runner.getStatus().getInstanceId() != null) {
      return Step.proceed(runner);
    }
    String uid = runner.getMetadata().getUid();
    Optional<LaunchedInstance> known = launcher.remembered(uid).or(() -> in.snapshot().instanceOf(uid)
        .filter(i -> launchedHere(runner, i))
        .map(i -> new LaunchedInstance(i.instanceId(), i.instanceType(), i.availabilityZone(), i.capacityType())));
    Instant now = clock.instant();
    if (known.isPresent()) {
      LOG.info("adopting instance runner={}/{} instance={}", runner.getMetadata().getNamespace(),
          runner.getMetadata().getName(), known.get().instanceId());
      return record(runner, in, known.get(), now);
    }
    RunnerPool pool = in.presentPool();
    var blocker = gate.blocker(pool);
    if (blocker.isPresent()) {
      writer.write(runner, in, writer.condition(RunnerStatusWriter.LAUNCHED, false, blocker.get().reason(),
          "not launched: " + blocker.get().message()));
      return Step.retry(recheck);
    }
    Optional<Duration> paused = gate.pausedFor(pool);
    if (paused.isPresent()) {
      // Launching now would leave an instance waiting for a registration GitHub refuses until the limit resets.
      writer.write(runner, in, s -> s.setMessage("waiting for GitHub's rate limit to reset before launching"));
      return Step.retry(paused.get().compareTo(recheck) < 0 ? paused.get() : recheck);
    }
    LaunchOutcome outcome = launcher.launch(runner, pool);
    if (outcome instanceof LaunchOutcome.Failed failed) {
      events.warning(runner, "LaunchFailed", failed.message());
      writer.write(runner, in, writer.condition(RunnerStatusWriter.LAUNCHED, false, failed.reason(),
          failed.message()).andThen(s -> {
            s.setPhase(RunnerPhase.PENDING.wireName());
            s.setMessage("launch failed: " + failed.message());
          }));
      return Step.retry(failed.retryAfter());
    }
    LaunchedInstance launched = ((LaunchOutcome.Launched) outcome).instance();
    recordScaleUpLatency(runner, now);
    events.normal(runner, "Launched", "launched " + launched.instanceId() + " (" + launched.instanceType() + ", "
        + launched.capacityType().wireName() + ", " + launched.availabilityZone() + ")");
    return record(runner, in, launched, now);
  }

  /**
   * Whether an instance found by the Runner's UID tag is one this installation launched. When the cloud cannot tell
   * now, it is not adopted and the launch goes ahead: under the Runner's UID as idempotency token, EC2 hands back
   * the instance an earlier attempt launched.
   */
  private boolean launchedHere(Runner runner, CloudInstance found) {
    try {
      if (launcher.launchedHere(found.region(), found.instanceId())) {
        return true;
      }
      events.warning(runner, "UnmanagedInstanceIgnored", "instance " + found.instanceId() + " carries this Runner's"
          + " UID but this installation did not launch it: not adopted, left alone");
    } catch (CloudException e) {
      LOG.info("instance tagged for the runner not checked runner={}/{} instance={} error=\"{}\"",
          runner.getMetadata().getNamespace(), runner.getMetadata().getName(), found.instanceId(), e.getMessage());
    }
    return false;
  }

  private Step record(Runner runner, RunnerContext in, LaunchedInstance instance, Instant now) {
    String launchedAt = in.snapshot().instance(instance.instanceId())
        .map(i -> i.launchTime() == null ? now : i.launchTime()).orElse(now).toString();
    return Step.proceed(writer.write(runner, in, writer.condition(RunnerStatusWriter.LAUNCHED, true,
        "InstanceLaunched", "instance " + instance.instanceId() + " launched").andThen(s -> {
          s.setPhase(RunnerPhase.LAUNCHING.wireName());
          s.setInstanceId(instance.instanceId());
          s.setInstanceType(instance.instanceType());
          s.setCapacityType(instance.capacityType().wireName());
          s.setAvailabilityZone(instance.availabilityZone());
          // Where the instance runs, recorded before anything else is done with it: a restarted process and a later
          // change of the pool's region still find it.
          s.setRegion(in.presentPool().getSpec().getEc2().getRegion());
          s.setLaunchedAt(launchedAt);
          s.setMessage("configuring the runner");
        })));
  }

  private void recordScaleUpLatency(Runner runner, Instant now) {
    var annotations = runner.getMetadata().getAnnotations();
    String queuedAt = annotations == null ? null : annotations.get(RunnerFactory.DEMAND_QUEUED_AT);
    if (queuedAt != null) {
      metrics.scaleUpLatency(Duration.between(Instant.parse(queuedAt), now));
    }
  }
}
