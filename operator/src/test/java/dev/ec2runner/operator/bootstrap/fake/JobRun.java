package dev.ec2runner.operator.bootstrap.fake;

import java.time.Instant;

/**
 * One job as a runner agent ran it.
 *
 * @param endedAt when it completed or died; null while it runs
 * @param killed the job died with its runner (instance gone, or registration deleted while it ran)
 */
public record JobRun(long jobId, String runnerName, String instanceId, Instant startedAt, Instant endedAt,
    boolean killed) {
}
