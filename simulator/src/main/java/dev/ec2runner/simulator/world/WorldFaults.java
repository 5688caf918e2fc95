package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.faults.RandomCloudFaults;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.simulator.github.WebhookSender;
import dev.ec2runner.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A scenario's faults, applied to the simulated services: spot interruptions (a Poisson process per running spot
 * instance), capacity outage windows, API error and throttling rates on EC2/SSM and GitHub, and lost webhook
 * deliveries.
 */
public final class WorldFaults {

  /** How often interruptions are drawn; small against any realistic interruption rate. */
  static final Duration INTERRUPTION_TICK = Duration.ofSeconds(10);

  private final Scenario.Faults faults;
  private final FakeRunnerCloud cloud;
  private final RandomCloudFaults apiFaults;
  private final Random random;
  private final List<String> interrupted = new ArrayList<>();

  public WorldFaults(Scenario.Faults faults, FakeRunnerCloud cloud, long seed) {
    this.faults = faults;
    this.cloud = cloud;
    this.apiFaults = new RandomCloudFaults(seed);
    this.random = new Random(seed);
  }

  /** Switches the error rates on now and schedules the interruptions and outage windows from {@code start}. */
  public void apply(SimulatedGitHub github, WebhookSender webhooks, WorldScheduler scheduler, Instant start,
      long seed) {
    if (faults.apiErrorRate() > 0) {
      apiFaults.apiErrorRate(faults.apiErrorRate());
      github.serverErrorRate(faults.apiErrorRate(), seed);
    }
    if (faults.apiThrottleRate() > 0) {
      apiFaults.throttleRate(faults.apiThrottleRate());
      github.throttleRate(faults.apiThrottleRate(), seed + 1);
    }
    if (faults.webhookDropRate() > 0) {
      webhooks.dropRate(faults.webhookDropRate(), seed);
    }
    for (Scenario.CapacityOutage outage : faults.insufficientCapacity()) {
      for (CapacityType type : capacityTypes(outage.capacityType())) {
        scheduler.at(start.plus(outage.from()), "capacity outage " + outage.instanceType(),
            () -> cloud.addCapacityOutage(outage.instanceType(), null, type, start.plus(outage.to())));
      }
    }
    if (faults.spotInterruptionsPerHour() > 0) {
      scheduler.every(INTERRUPTION_TICK, "spot interruptions", this::interruptSome);
    }
  }

  /** The EC2/SSM API error and throttling rates, for the gate in front of the cloud the scaler is given. */
  RandomCloudFaults apiFaults() {
    return apiFaults;
  }

  /** Instances interrupted so far, in order. */
  public synchronized List<String> interrupted() {
    return List.copyOf(interrupted);
  }

  /** Each running spot instance is interrupted with the probability its hourly rate gives for one tick. */
  synchronized void interruptSome() {
    double probability = 1 - Math.exp(-faults.spotInterruptionsPerHour() * INTERRUPTION_TICK.toMillis() / 3_600_000.0);
    for (CloudInstance instance : cloud.allInstances()) {
      if (instance.state() == InstanceState.RUNNING && instance.capacityType() == CapacityType.SPOT
          && random.nextDouble() < probability && cloud.reclaim(instance.instanceId())) {
        interrupted.add(instance.instanceId());
      }
    }
  }

  private static List<CapacityType> capacityTypes(String capacityType) {
    if (capacityType == null) {
      return List.of(CapacityType.SPOT, CapacityType.ON_DEMAND);
    }
    return List.of(CapacityType.fromWireName(capacityType.toLowerCase(Locale.ROOT)));
  }
}
