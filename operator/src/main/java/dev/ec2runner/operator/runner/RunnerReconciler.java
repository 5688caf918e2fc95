package dev.ec2runner.operator.runner;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.job.InterruptedJobMarker;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.ObservationEventSource;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.Snapshot;
import dev.ec2runner.operator.planner.PoolBlocker;
import dev.ec2runner.operator.planner.PoolSpecCheck;
import dev.ec2runner.operator.planner.RunnerPhase;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Runner: launches its instance (recording the instance id before anything else), registers it on GitHub
 * with a one-time JIT configuration handed over through the cloud, then follows its phase from the shared
 * observation. Deletion is in {@link RunnerCleanup}. The pool creates each Runner with the finalizer already on it
 * ({@link RunnerFactory}); JOSDK adds it before the first reconcile to any Runner that lacks it.
 */
@ControllerConfiguration(name = "runner", finalizerName = ApiGroup.RUNNER_FINALIZER)
public final class RunnerReconciler implements Reconciler<Runner>, Cleaner<Runner> {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerReconciler.class);

  private final RunnerLauncher launcher;
  private final LaunchGate gate;
  private final RunnerRegistration registration;
  private final RunnerCleanup cleanup;
  private final Observations observations;
  private final RunnerPhaseTracker tracker;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final RunnerStatusWriter writer;
  private final InterruptedJobMarker interruptedJobMarker;
  private final Clock clock;
  private final Duration recheck;
  private final BooleanSupplier stopping;

  public RunnerReconciler(LaunchGate gate, RunnerLauncher launcher, RunnerRegistration registration,
      RunnerCleanup cleanup, Observations observations, RunnerPhaseTracker tracker, EventRecorder events,
      OperatorMetrics metrics, Clock clock, BooleanSupplier stopping) {
    this.stopping = stopping;
    this.gate = gate;
    this.launcher = launcher;
    this.registration = registration;
    this.cleanup = cleanup;
    this.observations = observations;
    this.tracker = tracker;
    this.events = events;
    this.metrics = metrics;
    this.writer = new RunnerStatusWriter(clock);
    this.interruptedJobMarker = new InterruptedJobMarker(events, metrics, clock);
    this.clock = clock;
    this.recheck = observations.interval();
  }

  @Override
  public List<EventSource<?, Runner>> prepareEventSources(EventSourceContext<Runner> context) {
    var pools = new InformerEventSource<>(InformerEventSourceConfiguration.from(RunnerPool.class, Runner.class)
        .withName("runner-pools")
        .withPrimaryToSecondaryMapper((Runner r) -> Set.of(new ResourceID(r.getSpec().getPool(),
            r.getMetadata().getNamespace())))
        .withSecondaryToPrimaryMapper(pool -> Set.of())
        .build(), context);
    var jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(WorkflowJob.class, Runner.class)
        .withName("runner-jobs")
        .withSecondaryToPrimaryMapper(job -> job.getSpec() == null || job.getSpec().getRunnerName() == null
            ? Set.of()
            : Set.of(new ResourceID(job.getSpec().getRunnerName(), job.getMetadata().getNamespace())))
        .build(), context);
    var observed = new ObservationEventSource<>("runner-observations", observations, context.getPrimaryCache(),
        (Runner r, Snapshot s) -> List.of(s.instanceOf(r.getMetadata().getUid()),
            s.registrationNamed(r.getMetadata().getName())));
    return List.of(pools, jobs, observed);
  }

  @Override
  public UpdateControl<Runner> reconcile(Runner runner, Context<Runner> context) {
    if (stopping.getAsBoolean()) {
      return UpdateControl.noUpdate();
    }
    Optional<RunnerPool> pool = context.getSecondaryResource(RunnerPool.class);
    if (pool.isEmpty()) {
      String message = "RunnerPool " + runner.getSpec().getPool() + " not found";
      writer.write(runner, context, s -> s.setMessage(message));
      return UpdateControl.<Runner>noUpdate().rescheduleAfter(recheck);
    }
    observations.regions().use(runner.getMetadata().getUid(), RunnerRegions.of(runner, pool));
    RunnerPhase phase = RunnerPhase.fromWireName(runner.getStatus() == null ? null : runner.getStatus().getPhase());
    if (phase == RunnerPhase.FAILED || phase == RunnerPhase.TERMINATING) {
      return UpdateControl.noUpdate();
    }
    Optional<PoolBlocker> invalidSpec = PoolSpecCheck.blocker(pool.get().getSpec());
    if (invalidSpec.isPresent()) {
      // Every step below reads the spec; the pool reports the field (Ready=False, a Warning Event) and the Runner
      // waits for the fix instead of failing inside a launch on every retry.
      String message = "waiting for a valid pool spec: " + invalidSpec.get().message();
      boolean launched = runner.getStatus() != null && runner.getStatus().getInstanceId() != null;
      Consumer<RunnerStatus> note = s -> s.setMessage(message);
      writer.write(runner, context, launched ? note
          : writer.condition(RunnerStatusWriter.LAUNCHED, false, PoolSpecCheck.INVALID_SPEC, message).andThen(note));
      return UpdateControl.<Runner>noUpdate().rescheduleAfter(recheck);
    }
    Snapshot snapshot = observations.snapshot();
    if (runner.getStatus() == null || runner.getStatus().getInstanceId() == null) {
      Step launched = launch(runner, pool.get(), context, snapshot);
      if (launched.stopped()) {
        return UpdateControl.<Runner>noUpdate().rescheduleAfter(launched.retryAfter());
      }
      runner = launched.runner();
    }
    if (RunnerPhase.LAUNCHING.wireName().equals(runner.getStatus().getPhase())) {
      Step registered = registration.register(runner, pool.get(), context, snapshot);
      if (registered.stopped()) {
        return UpdateControl.<Runner>noUpdate().rescheduleAfter(registered.retryAfter());
      }
      runner = registered.runner();
    }
    track(runner, pool.get(), context, snapshot);
    return UpdateControl.<Runner>noUpdate().rescheduleAfter(recheck);
  }

  @Override
  public DeleteControl cleanup(Runner runner, Context<Runner> context) {
    if (stopping.getAsBoolean()) {
      return DeleteControl.noFinalizerRemoval();
    }
    // A restarted process may meet the Runner only here: its instance stays observed in its region until it is gone.
    observations.regions().use(runner.getMetadata().getUid(),
        RunnerRegions.of(runner, context.getSecondaryResource(RunnerPool.class)));
    DeleteControl control = cleanup.cleanup(runner, context, observations.snapshot());
    if (control.isRemoveFinalizer()) {
      observations.regions().release(runner.getMetadata().getUid());
    }
    return control;
  }

  /** Launches (or adopts the instance found for this Runner's UID) and records it before anything else. */
  private Step launch(Runner runner, RunnerPool pool, Context<Runner> context, Snapshot snapshot) {
    String uid = runner.getMetadata().getUid();
    Optional<LaunchedInstance> known = launcher.remembered(uid).or(() -> snapshot.instanceOf(uid)
        .map(i -> new LaunchedInstance(i.instanceId(), i.instanceType(), i.availabilityZone(), i.capacityType())));
    Instant now = clock.instant();
    if (known.isPresent()) {
      LOG.info("adopting instance runner={}/{} instance={}", runner.getMetadata().getNamespace(),
          runner.getMetadata().getName(), known.get().instanceId());
    } else {
      var blocker = gate.blocker(pool);
      if (blocker.isPresent()) {
        writer.write(runner, context, writer.condition(RunnerStatusWriter.LAUNCHED, false, blocker.get().reason(),
            "not launched: " + blocker.get().message()));
        return Step.retry(recheck);
      }
      Optional<Duration> paused = gate.pausedFor(pool);
      if (paused.isPresent()) {
        // Launching now would leave an instance waiting for a registration GitHub refuses until the limit resets.
        writer.write(runner, context, s -> s.setMessage("waiting for GitHub's rate limit to reset before launching"));
        return Step.retry(paused.get().compareTo(recheck) < 0 ? paused.get() : recheck);
      }
      LaunchOutcome outcome = launcher.launch(runner, pool);
      if (outcome instanceof LaunchOutcome.Failed failed) {
        events.warning(runner, "LaunchFailed", failed.message());
        writer.write(runner, context, writer.condition(RunnerStatusWriter.LAUNCHED, false, failed.reason(),
            failed.message()).andThen(s -> {
              s.setPhase(RunnerPhase.PENDING.wireName());
              s.setMessage("launch failed: " + failed.message());
            }));
        return Step.retry(failed.retryAfter());
      }
      known = Optional.of(((LaunchOutcome.Launched) outcome).instance());
      recordScaleUpLatency(runner, now);
      LaunchedInstance i = known.get();
      events.normal(runner, "Launched", "launched " + i.instanceId() + " (" + i.instanceType() + ", "
          + i.capacityType().wireName() + ", " + i.availabilityZone() + ")");
    }
    LaunchedInstance instance = known.get();
    String launchedAt = snapshot.instance(instance.instanceId())
        .map(i -> i.launchTime() == null ? now : i.launchTime()).orElse(now).toString();
    return Step.proceed(writer.write(runner, context, writer.condition(RunnerStatusWriter.LAUNCHED, true,
        "InstanceLaunched", "instance " + instance.instanceId() + " launched").andThen(s -> {
          s.setPhase(RunnerPhase.LAUNCHING.wireName());
          s.setInstanceId(instance.instanceId());
          s.setInstanceType(instance.instanceType());
          s.setCapacityType(instance.capacityType().wireName());
          s.setAvailabilityZone(instance.availabilityZone());
          // Where the instance runs, recorded before anything else is done with it: a restarted process and a later
          // change of the pool's region still find it.
          s.setRegion(pool.getSpec().getEc2().getRegion());
          s.setLaunchedAt(launchedAt);
          s.setMessage("configuring the runner");
        })));
  }

  private void track(Runner runner, RunnerPool pool, Context<Runner> context, Snapshot snapshot) {
    PoolScope scope = PoolScope.of(pool.getSpec().getGithub());
    Set<WorkflowJob> jobs = context.getSecondaryResources(WorkflowJob.class);
    Optional<WorkflowJob> running = jobs.stream().filter(j -> JobState.IN_PROGRESS.is(j.getSpec().getState()))
        .findFirst();
    boolean completed = jobs.stream().anyMatch(j -> JobState.COMPLETED.is(j.getSpec().getState()));
    boolean endedWell = jobs.stream().anyMatch(InterruptedJobMarker::endedWell);
    var scopeRunners = snapshot.scope(scope);
    RunnerPhaseTracker.View view = new RunnerPhaseTracker.View(
        Optional.ofNullable(runner.getStatus().getInstanceId()).flatMap(snapshot::instanceOrReclaimed),
        snapshot.instancesListedAt(RunnerRegions.of(runner, Optional.of(pool))),
        scopeRunners.flatMap(s -> s.named(runner.getMetadata().getName())),
        scopeRunners.map(Snapshot.ScopeRunners::listedAt).orElse(null),
        running, completed, endedWell);
    boolean ephemeral = !Boolean.FALSE.equals(runner.getSpec().getEphemeral());
    RunnerStatus next = writer.copy(runner, context);
    Optional<RunnerPhaseTracker.Loss> loss = tracker.track(next, view, ephemeral, clock.instant());
    Runner updated = writer.write(runner, context, next);
    loss.ifPresent(reason -> {
      String name = reason == RunnerPhaseTracker.Loss.INSTANCE_LOST ? "InstanceLost" : "RegistrationLost";
      events.warning(updated, name, next.getMessage());
      metrics.runnerLost(name);
      if (reason == RunnerPhaseTracker.Loss.INSTANCE_LOST) {
        // The job died with the instance (its failed completion may have arrived first); the pool reruns it
        // (once) if the pool allows.
        running.or(() -> jobs.stream().filter(j -> ephemeral && JobState.COMPLETED.is(j.getSpec().getState())
                && !InterruptedJobMarker.endedWell(j)).findFirst())
            .ifPresent(job -> interruptedJobMarker.markLost(context.getClient(), job, runner.getMetadata().getName()));
      }
    });
  }

  private void recordScaleUpLatency(Runner runner, Instant now) {
    var annotations = runner.getMetadata().getAnnotations();
    String queuedAt = annotations == null ? null : annotations.get(RunnerFactory.DEMAND_QUEUED_AT);
    if (queuedAt != null) {
      metrics.scaleUpLatency(Duration.between(Instant.parse(queuedAt), now));
    }
  }
}
