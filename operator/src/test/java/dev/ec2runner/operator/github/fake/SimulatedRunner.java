package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.matching.PoolScope;
import java.util.List;

/**
 * A runner registration as the simulated GitHub holds it.
 *
 * @param busy whether it runs a job now
 * @param reportedBusy what the API reports, which lags behind {@code busy} by the configured busy-flag lag
 * @param jobId the job it runs, or null
 */
public record SimulatedRunner(long id, String name, PoolScope scope, long groupId, List<String> labels,
    boolean online, boolean busy, boolean reportedBusy, boolean ephemeral, Long jobId) {
}
