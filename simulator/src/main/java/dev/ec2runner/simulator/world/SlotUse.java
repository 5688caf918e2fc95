package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.bootstrap.fake.JobRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * How a pool at its cap used its slots while jobs waited: the window runs from the first job queued to the last job
 * started (while it lasts, some job is waiting for a runner), and each share is runner-time in the window divided by
 * cap × window. Busy is jobs running; boot is instances between launch and running; runner start is running
 * instances before their first job started (configuration, registration, assignment); the rest is slots without a
 * launched instance: a finished runner's teardown and the operator's reaction before the next launch. Pure.
 *
 * @param meanJobSeconds the mean run time of the jobs that ran in the window, for the expected busy share
 */
public record SlotUse(int cap, double windowMinutes, double busy, double boot, double runnerStart,
    double meanJobSeconds) {

  /** Slot time spent neither on jobs nor on instances on their way to one. */
  public double rest() {
    return 1 - busy - boot - runnerStart;
  }

  /** The busy share a slot would reach if every job followed a boot: job ÷ (job + boot). */
  public double ideal(Duration bootTime) {
    return meanJobSeconds / (meanJobSeconds + bootTime.toMillis() / 1000.0);
  }

  public static SlotUse of(int cap, Collection<JobOutcome> outcomes, Collection<JobRun> runs,
      Collection<InstanceRecord> instances) {
    Instant from = outcomes.stream().map(JobOutcome::queuedAt).filter(Objects::nonNull).min(Instant::compareTo)
        .orElseThrow(() -> new IllegalArgumentException("no job was queued"));
    Instant to = outcomes.stream().map(JobOutcome::startedAt).filter(Objects::nonNull).max(Instant::compareTo)
        .orElseThrow(() -> new IllegalArgumentException("no job started"));
    double busy = 0;
    double jobSeconds = 0;
    int jobs = 0;
    for (JobRun run : runs) {
      Instant end = run.endedAt() == null ? to : run.endedAt();
      double overlap = overlap(run.startedAt(), end, from, to);
      busy += overlap;
      if (overlap > 0 && run.endedAt() != null) {
        jobSeconds += seconds(run.startedAt(), run.endedAt());
        jobs++;
      }
    }
    double boot = 0;
    double runnerStart = 0;
    for (InstanceRecord instance : instances) {
      Instant end = instance.runningAt().plus(instance.billed());
      Instant firstJob = runs.stream().filter(r -> r.instanceId().equals(instance.instanceId()))
          .map(JobRun::startedAt).min(Instant::compareTo).orElse(end);
      boot += overlap(instance.launchedAt(), instance.runningAt(), from, to);
      runnerStart += overlap(instance.runningAt(), firstJob.isBefore(end) ? firstJob : end, from, to);
    }
    double slotSeconds = cap * seconds(from, to);
    return new SlotUse(cap, seconds(from, to) / 60, busy / slotSeconds, boot / slotSeconds,
        runnerStart / slotSeconds, jobs == 0 ? 0 : jobSeconds / jobs);
  }

  private static double overlap(Instant start, Instant end, Instant from, Instant to) {
    Instant a = start.isAfter(from) ? start : from;
    Instant b = end.isBefore(to) ? end : to;
    return b.isAfter(a) ? seconds(a, b) : 0;
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toMillis() / 1000.0;
  }
}
