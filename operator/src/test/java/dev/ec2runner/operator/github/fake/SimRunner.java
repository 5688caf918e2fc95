package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.matching.PoolScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A runner registration on the simulated GitHub; mutated only under the {@link SimulatedGitHub} lock. */
public final class SimRunner {

  public final long id;
  public final String name;
  public final PoolScope scope;
  public final long groupId;
  public final List<String> labels;
  public final boolean ephemeral;
  public final String jitConfig;
  private boolean online;
  private boolean jitUsed;
  private Long jobId;
  /** Busy without a job of this GitHub: a test's stand-in for a job it does not model. */
  private boolean heldBusy;
  private Instant busySince;

  public SimRunner(long id, String name, PoolScope scope, long groupId, List<String> labels, boolean ephemeral,
      String jitConfig) {
    this.id = id;
    this.name = name;
    this.scope = scope;
    this.groupId = groupId;
    this.labels = List.copyOf(labels);
    this.ephemeral = ephemeral;
    this.jitConfig = jitConfig;
  }

  /**
   * The runner process starts with its JIT configuration and comes online; the configuration works once.
   *
   * @throws IllegalStateException the configuration was already used
   */
  public void startWithJitConfig() {
    if (jitUsed) {
      throw new IllegalStateException("the JIT configuration of runner " + name + " was already used");
    }
    jitUsed = true;
    online = true;
  }

  public void connect() {
    online = true;
  }

  public void disconnect() {
    online = false;
  }

  /** Busy, or idle again, without a job of this GitHub; busy since {@code now} unless it runs a job. */
  public void holdBusy(boolean busy, Instant now) {
    heldBusy = busy;
    if (jobId == null) {
      busySince = busy ? now : null;
    }
  }

  /** The runner took this job at {@code at}. */
  public void take(long job, Instant at) {
    jobId = job;
    busySince = at;
  }

  /** The runner's job ended: it has none and is no longer busy with one. */
  public void finishJob() {
    jobId = null;
    busySince = null;
  }

  public boolean online() {
    return online;
  }

  /** The job the runner runs, or null. */
  public Long jobId() {
    return jobId;
  }

  public boolean busy() {
    return jobId != null || heldBusy;
  }

  /** The busy flag GitHub reports, which turns true only {@code lag} after the runner took its job. */
  public boolean reportedBusy(Instant now, Duration lag) {
    return busy() && !now.isBefore(busySince.plus(lag));
  }

  /** Whether the runner has every label the job asks for (compared case-insensitively). */
  public boolean satisfies(List<String> jobLabels) {
    List<String> own = labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
    return jobLabels.stream().allMatch(l -> own.contains(l.toLowerCase(Locale.ROOT)));
  }

  public SimulatedRunner view(Instant now, Duration lag) {
    return new SimulatedRunner(id, name, scope, groupId, labels, online, busy(), reportedBusy(now, lag), ephemeral,
        jobId);
  }
}
