package dev.ec2runner.simulator.baseline;

import java.time.Duration;

/**
 * The knobs of the Lambda-based design, with its defaults.
 *
 * @param webhookDelay how long an accepted event stays invisible on the queue ({@code delay_webhook_event}, 30 s)
 * @param pollInterval how often the scale-up Lambda's event source finds visible messages
 * @param batchSize messages per scale-up invocation (the SQS event source's batch size, 10)
 * @param retryAfter when a failed message becomes visible again (the queue's visibility timeout)
 * @param retention how long a message may keep failing before the queue drops it (one day)
 * @param scaleDownInterval the scale-down schedule ({@code cron(*&#47;5 * * * ? *)}: every 5 minutes)
 * @param minimumRunningTime how long an instance runs before scale-down may remove it (5 minutes)
 * @param bootTime how long an instance may go without a registration before it counts as an orphan (5 minutes)
 * @param ephemeral one job per instance; the original's default is false: runners are reused
 * @param jobQueuedCheck ask GitHub whether the job is still queued before launching; the original enables it by
 *     default for non-ephemeral runners only
 */
public record BaselineSettings(Duration webhookDelay, Duration pollInterval, int batchSize, Duration retryAfter,
    Duration retention, Duration scaleDownInterval, Duration minimumRunningTime, Duration bootTime, boolean ephemeral,
    boolean jobQueuedCheck) {

  public BaselineSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
  }

  /** The original's defaults: reused runners, a 30 s delay, batches of 10, scale-down every 5 minutes. */
  public static BaselineSettings defaults() {
    return new BaselineSettings(Duration.ofSeconds(30), Duration.ofSeconds(1), 10, Duration.ofSeconds(60),
        Duration.ofDays(1), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), false, true);
  }

  /** Ephemeral runners, which turns the job-queued check off as the original does. */
  public BaselineSettings withEphemeral(boolean oneJobPerInstance) {
    return new BaselineSettings(webhookDelay, pollInterval, batchSize, retryAfter, retention, scaleDownInterval,
        minimumRunningTime, bootTime, oneJobPerInstance, !oneJobPerInstance);
  }

  public BaselineSettings withBatchSize(int size) {
    return new BaselineSettings(webhookDelay, pollInterval, size, retryAfter, retention, scaleDownInterval,
        minimumRunningTime, bootTime, ephemeral, jobQueuedCheck);
  }
}
