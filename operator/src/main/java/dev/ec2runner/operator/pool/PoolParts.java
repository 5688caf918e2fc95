package dev.ec2runner.operator.pool;

import dev.ec2runner.operator.github.access.GitHubAccess;
import dev.ec2runner.operator.github.access.RunnerGroupResolver;
import dev.ec2runner.operator.job.InterruptedJobMarker;
import dev.ec2runner.operator.job.InterruptedJobReruns;
import dev.ec2runner.operator.job.StillQueuedCheck;
import dev.ec2runner.operator.kube.ConcurrentRequests;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the pool reconciler acts through, assembled by the operator's runtime as the Runner reconciler's steps are.
 *
 * @param requests the Kubernetes writes of this process still in flight, shared by the scaler and the job status sync
 */
public record PoolParts(PoolGitHubChecks gitHubChecks, PoolScaler scaler, InterruptedJobMarker interruptedJobMarker,
    ConcurrentRequests requests) {

  /** Runner creates and job status writes one reconcile issues at once. */
  private static final int CONCURRENT_REQUESTS = 16;

  /**
   * @param stillQueuedAfter how long a job may wait before GitHub is asked whether it is still queued
   */
  public static PoolParts assemble(GitHubAccess gitHub, RunnerGroupResolver groups, EventRecorder events,
      OperatorMetrics metrics, Clock clock, Duration stillQueuedAfter, BooleanSupplier stopping) {
    ConcurrentRequests requests = new ConcurrentRequests("runnerpool-requests", CONCURRENT_REQUESTS);
    return new PoolParts(
        new PoolGitHubChecks(gitHub.health(), groups, new RunnerGroupAccess(clock),
            new StillQueuedCheck(stillQueuedAfter, metrics), new InterruptedJobReruns(events, metrics, clock)),
        new PoolScaler(events, metrics, clock, stopping, requests),
        new InterruptedJobMarker(events, metrics, clock), requests);
  }
}
