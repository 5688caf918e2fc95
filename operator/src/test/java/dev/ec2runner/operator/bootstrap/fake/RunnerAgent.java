package dev.ec2runner.operator.bootstrap.fake;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.cloud.CloudInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The bootstrap script and runner process of one fake instance: where it is in its life. */
final class RunnerAgent {

  enum Phase { WAITING_FOR_CONFIG, IDLE, BUSY, DONE }

  final CloudInstance instance;
  Phase phase = Phase.WAITING_FOR_CONFIG;
  Instant nextConfigPoll;
  final Instant bootedAt;
  private final Duration configWait;
  String runnerName;
  PoolScope scope;
  boolean ephemeral;
  Set<String> labels = Set.of();
  Long jobId;
  Instant jobStarted;
  Instant jobEnds;
  Instant onlineAt;
  Duration busyTime = Duration.ZERO;
  String exitReason;

  RunnerAgent(CloudInstance instance, Instant now, AgentSettings settings) {
    this.instance = instance;
    this.nextConfigPoll = now;
    this.bootedAt = now;
    this.configWait = settings.configWait();
  }

  /** The configuration wait is over (measured, not added to a deadline: the wait may be for ever). */
  boolean gaveUpOnConfig(Instant now) {
    return Duration.between(bootedAt, now).compareTo(configWait) >= 0;
  }

  void online(String name, PoolScope runnerScope, Iterable<String> runnerLabels, boolean runnerIsEphemeral,
      Instant now) {
    onlineAt = now;
    runnerName = name;
    scope = runnerScope;
    ephemeral = runnerIsEphemeral;
    List<String> lower = new ArrayList<>();
    runnerLabels.forEach(l -> lower.add(l.toLowerCase(Locale.ROOT)));
    labels = Set.copyOf(lower);
    phase = Phase.IDLE;
  }

  boolean satisfies(List<String> jobLabels) {
    return labels.containsAll(jobLabels.stream().map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
  }

  void startJob(long id, Instant now, Duration runtime) {
    jobId = id;
    jobStarted = now;
    jobEnds = now.plus(runtime);
    phase = Phase.BUSY;
  }

  /** The job ended (completed or died) now; returns its id. */
  long endJob(Instant now) {
    long id = jobId;
    busyTime = busyTime.plus(Duration.between(jobStarted, now.isBefore(jobEnds) ? now : jobEnds));
    jobId = null;
    jobStarted = null;
    jobEnds = null;
    phase = Phase.IDLE;
    return id;
  }

  /** Busy time including a job still running at {@code now}. */
  Duration busyTime(Instant now) {
    return phase == Phase.BUSY ? busyTime.plus(Duration.between(jobStarted, now)) : busyTime;
  }

  void done(String reason) {
    phase = Phase.DONE;
    exitReason = reason;
  }
}
