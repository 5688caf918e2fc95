package dev.ec2runner.operator.cloud.guard;

import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.planner.PoolBlocker;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cloud accepts the operator's credentials, from the outcome of every call of the {@link #guard guarded}
 * cloud. While it refuses them (expired or revoked credentials), nothing is launched and no Runner registers: a
 * registration made now could never be handed to its instance, and each retry would cost GitHub calls for nothing.
 * The shared observation keeps calling the cloud every interval, and its first accepted call lifts the block.
 */
public final class CloudHealth {

  private static final Logger LOG = LoggerFactory.getLogger(CloudHealth.class);
  public static final String CREDENTIALS_REFUSED = "CloudCredentialsRefused";

  private record Refusal(String message, Instant since) {
  }

  private final Clock clock;
  private final AtomicReference<Refusal> refusal = new AtomicReference<>();

  public CloudHealth(Clock clock) {
    this.clock = clock;
  }

  /** The cloud, reporting the outcome of each of its calls here. */
  public RunnerCloud guard(RunnerCloud cloud) {
    return new GuardedRunnerCloud(cloud, this);
  }

  /** Why nothing may be launched or registered now: the cloud refuses the credentials. Empty otherwise. */
  public Optional<PoolBlocker> launchBlocker() {
    Refusal current = refusal.get();
    return current == null ? Optional.empty() : Optional.of(new PoolBlocker(CREDENTIALS_REFUSED,
        "no runner is launched or registered while the cloud refuses the operator's credentials (since "
            + current.since() + "): " + current.message()));
  }

  void accepted() {
    if (refusal.getAndSet(null) != null) {
      LOG.info("the cloud accepts the operator's credentials again; launches resume");
    }
  }

  void refused(String message) {
    Refusal before = refusal.getAndUpdate(r -> new Refusal(message, r == null ? clock.instant() : r.since()));
    if (before == null) {
      LOG.warn("the cloud refuses the operator's credentials; launches and registrations pause: {}", message);
    }
  }
}
