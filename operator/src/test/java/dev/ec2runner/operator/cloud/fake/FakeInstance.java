package dev.ec2runner.operator.cloud.fake;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.LaunchRequest;
import java.time.Duration;
import java.time.Instant;

/** One instance of the fake cloud; its state follows the clock: pending, running, shutting-down, terminated. */
final class FakeInstance {

  final String instanceId;
  final LaunchRequest request;
  final String instanceType;
  final String zone;
  final CapacityType capacityType;
  final String privateIp;
  final Instant launchedAt;
  /** The installation tag it carries; null for none (launched by a release before installations). */
  final String installation;
  /** Whether this cloud launched it, rather than someone tagging it to look managed. */
  final boolean launchedHere;
  private Instant shutdownAt;
  private boolean reclaimed;

  FakeInstance(String instanceId, LaunchRequest request, String instanceType, String zone,
      CapacityType capacityType, String privateIp, Instant launchedAt, String installation, boolean launchedHere) {
    this.instanceId = instanceId;
    this.request = request;
    this.instanceType = instanceType;
    this.zone = zone;
    this.capacityType = capacityType;
    this.privateIp = privateIp;
    this.launchedAt = launchedAt;
    this.installation = installation;
    this.launchedHere = launchedHere;
  }

  InstanceState state(Instant now, FakeCloudSettings settings) {
    if (shutdownAt != null) {
      return now.isBefore(shutdownAt.plus(settings.terminationDelay()))
          ? InstanceState.SHUTTING_DOWN : InstanceState.TERMINATED;
    }
    return now.isBefore(runningAt(settings)) ? InstanceState.PENDING : InstanceState.RUNNING;
  }

  /** Starts shutting down now unless it already is; whether the cloud itself ended it is remembered. */
  void shutDown(Instant now, boolean byTheCloud) {
    if (shutdownAt == null) {
      shutdownAt = now;
      reclaimed = byTheCloud;
    }
  }

  boolean reclaimed() {
    return reclaimed;
  }

  /** When it started shutting down, or null while it runs. */
  Instant shutdownAt() {
    return shutdownAt;
  }

  /** How long it has been billed: from running until terminated (or now). */
  Duration billed(Instant now, FakeCloudSettings settings) {
    Instant start = runningAt(settings);
    Instant end = shutdownAt == null ? now : min(now, shutdownAt.plus(settings.terminationDelay()));
    return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
  }

  CloudInstance toCloudInstance(Instant now, FakeCloudSettings settings) {
    return new CloudInstance(instanceId, request.namespace(), request.pool(), request.runnerName(),
        request.idempotencyToken(), state(now, settings), instanceType, capacityType, zone, privateIp, launchedAt,
        reclaimed);
  }

  private Instant runningAt(FakeCloudSettings settings) {
    return launchedAt.plus(settings.bootDelay());
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
