package dev.ec2runner.simulator.github;

import dev.ec2runner.api.matching.PoolScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A runner registration on the simulated GitHub; mutated only under the {@link SimulatedGitHub} lock. */
final class SimRunner {

  final long id;
  final String name;
  final PoolScope scope;
  final long groupId;
  final List<String> labels;
  final boolean ephemeral;
  final String jitConfig;
  boolean online;
  boolean jitUsed;
  Long jobId;
  Instant busySince;

  SimRunner(long id, String name, PoolScope scope, long groupId, List<String> labels, boolean ephemeral,
      String jitConfig) {
    this.id = id;
    this.name = name;
    this.scope = scope;
    this.groupId = groupId;
    this.labels = List.copyOf(labels);
    this.ephemeral = ephemeral;
    this.jitConfig = jitConfig;
  }

  boolean busy() {
    return jobId != null;
  }

  /** The busy flag GitHub reports, which turns true only {@code lag} after the runner took its job. */
  boolean reportedBusy(Instant now, Duration lag) {
    return busy() && !now.isBefore(busySince.plus(lag));
  }

  /** Whether the runner has every label the job asks for (compared case-insensitively). */
  boolean satisfies(List<String> jobLabels) {
    List<String> own = labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
    return jobLabels.stream().allMatch(l -> own.contains(l.toLowerCase(Locale.ROOT)));
  }

  SimulatedRunner view(Instant now, Duration lag) {
    return new SimulatedRunner(id, name, scope, groupId, labels, online, busy(), reportedBusy(now, lag), ephemeral,
        jobId);
  }
}
