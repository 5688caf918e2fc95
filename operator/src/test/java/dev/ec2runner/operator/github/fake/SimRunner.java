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
  public boolean online;
  public boolean jitUsed;
  public Long jobId;
  /** Busy without a job of this GitHub: a test's stand-in for a job it does not model. */
  public boolean heldBusy;
  public Instant busySince;

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
