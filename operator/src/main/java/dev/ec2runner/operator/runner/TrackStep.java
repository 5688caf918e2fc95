package dev.ec2runner.operator.runner;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.job.InterruptedJobMarker;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.observe.Snapshot;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a configured Runner's phase ({@link RunnerPhaseTracker}) from the observation and its jobs, and answers a
 * loss: a Warning Event, the lost-runner metric and, when the instance went, the job it ran marked interrupted.
 */
public final class TrackStep implements RunnerStep {

  private final RunnerPhaseTracker tracker;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final InterruptedJobMarker interruptedJobMarker;
  private final RunnerStatusWriter writer;
  private final Clock clock;

  public TrackStep(RunnerPhaseTracker tracker, EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.tracker = tracker;
    this.events = events;
    this.metrics = metrics;
    this.interruptedJobMarker = new InterruptedJobMarker(events, metrics, clock);
    this.writer = new RunnerStatusWriter(clock);
    this.clock = clock;
  }

  @Override
  public Step reconcile(Runner runner, RunnerContext in) {
    RunnerPool pool = in.presentPool();
    Snapshot snapshot = in.snapshot();
    Set<WorkflowJob> jobs = in.context().getSecondaryResources(WorkflowJob.class);
    Optional<WorkflowJob> running = jobs.stream().filter(j -> JobState.IN_PROGRESS.is(j.getSpec().getState()))
        .findFirst();
    boolean completed = jobs.stream().anyMatch(j -> JobState.COMPLETED.is(j.getSpec().getState()));
    boolean endedWell = jobs.stream().anyMatch(InterruptedJobMarker::endedWell);
    var scopeRunners = snapshot.scope(PoolScope.of(pool.getSpec().getGithub()));
    RunnerPhaseTracker.View view = new RunnerPhaseTracker.View(
        Optional.ofNullable(runner.getStatus().getInstanceId()).flatMap(snapshot::instanceOrReclaimed),
        snapshot.instancesListedAt(RunnerRegions.of(runner, in.pool())),
        scopeRunners.flatMap(s -> s.named(runner.getMetadata().getName())),
        scopeRunners.map(Snapshot.ScopeRunners::listedAt).orElse(null),
        running, completed, endedWell);
    boolean ephemeral = !Boolean.FALSE.equals(runner.getSpec().getEphemeral());
    RunnerStatus next = writer.copy(runner, in);
    Optional<RunnerPhaseTracker.Loss> loss = tracker.track(next, view, ephemeral, clock.instant());
    Runner updated = writer.write(runner, in, next);
    loss.ifPresent(reason -> {
      String name = reason == RunnerPhaseTracker.Loss.INSTANCE_LOST ? "InstanceLost" : "RegistrationLost";
      events.warning(updated, name, next.getMessage());
      metrics.runnerLost(name);
      if (reason == RunnerPhaseTracker.Loss.INSTANCE_LOST) {
        // The job died with the instance (its failed completion may have arrived first); the pool reruns it
        // (once) if the pool allows.
        running.or(() -> jobs.stream().filter(j -> ephemeral && JobState.COMPLETED.is(j.getSpec().getState())
                && !InterruptedJobMarker.endedWell(j)).findFirst())
            .ifPresent(job -> interruptedJobMarker.markLost(in.context().getClient(), job,
                runner.getMetadata().getName()));
      }
    });
    return Step.proceed(updated);
  }
}
