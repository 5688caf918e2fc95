package dev.ec2runner.operator.github.fake;

import java.time.Instant;
import java.util.List;

/**
 * A workflow job as the simulated GitHub holds it; {@code status} is queued, in_progress or completed.
 *
 * @param startedAt when a runner took it, or null
 * @param completedAt when it completed, or null
 */
public record SimulatedJob(long id, long runId, int runAttempt, String repository, List<String> labels,
    String status, String conclusion, String runnerName, Instant createdAt, Instant startedAt,
    Instant completedAt) {
}
