package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.ApiGroup;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.observe.ObservationEventSource;
import dev.ec2runner.operator.observe.Observations;
import dev.ec2runner.operator.observe.Snapshot;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs one Runner through its {@link RunnerSteps}: while it exists, the pool's spec check, launch (the instance id
 * recorded before anything else), registration and phase tracking; once deleted, deregistration and termination,
 * and only then the finalizer's removal. It orders the steps and turns their results into JOSDK's controls. The pool
 * creates each Runner with the finalizer already on it ({@link RunnerFactory}); JOSDK adds it before the first
 * reconcile to any Runner that lacks it.
 */
@ControllerConfiguration(name = "runner", finalizerName = ApiGroup.RUNNER_FINALIZER)
public final class RunnerReconciler implements Reconciler<Runner>, Cleaner<Runner> {

  private final RunnerStep reconcileSteps;
  private final RunnerStep cleanupSteps;
  private final RunnerStatusWriter writer;
  private final Observations observations;
  private final Duration recheck;
  private final BooleanSupplier stopping;

  public RunnerReconciler(RunnerSteps steps, Observations observations, Clock clock, BooleanSupplier stopping) {
    this.reconcileSteps = RunnerStep.inOrder(steps.reconcile());
    this.cleanupSteps = RunnerStep.inOrder(steps.cleanup());
    this.writer = new RunnerStatusWriter(clock);
    this.observations = observations;
    this.recheck = observations.interval();
    this.stopping = stopping;
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
    RunnerContext in = RunnerContext.of(pool, context, observations.snapshot());
    if (pool.isEmpty()) {
      String message = "RunnerPool " + runner.getSpec().getPool() + " not found";
      writer.write(runner, in, s -> s.setMessage(message));
      return UpdateControl.<Runner>noUpdate().rescheduleAfter(recheck);
    }
    observations.regions().use(runner.getMetadata().getUid(), RunnerRegions.of(runner, pool));
    RunnerPhase phase = RunnerPhase.fromWireName(runner.getStatus() == null ? null : runner.getStatus().getPhase());
    if (phase == RunnerPhase.FAILED || phase == RunnerPhase.TERMINATING) {
      return UpdateControl.noUpdate();
    }
    Step step = reconcileSteps.reconcile(runner, in);
    return UpdateControl.<Runner>noUpdate().rescheduleAfter(step.stopped() ? step.retryAfter() : recheck);
  }

  @Override
  public DeleteControl cleanup(Runner runner, Context<Runner> context) {
    if (stopping.getAsBoolean()) {
      return DeleteControl.noFinalizerRemoval();
    }
    Optional<RunnerPool> pool = context.getSecondaryResource(RunnerPool.class);
    // A restarted process may meet the Runner only here: its instance stays observed in its region until it is gone.
    observations.regions().use(runner.getMetadata().getUid(), RunnerRegions.of(runner, pool));
    Step step = cleanupSteps.reconcile(runner, RunnerContext.of(pool, context, observations.snapshot()));
    if (step.stopped()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(step.retryAfter());
    }
    observations.regions().release(runner.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }
}
