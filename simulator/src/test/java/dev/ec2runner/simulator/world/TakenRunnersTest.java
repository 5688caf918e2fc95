package dev.ec2runner.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TakenRunnersTest {

  private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");

  @Test
  void aJobRoutedToOnePoolAndRunOnAnotherPoolsInstanceCountsForTheRunnersPool() {
    var general = pool("general");
    var big = pool("big", "xl");
    List<InstanceRecord> instances = List.of(instance("i-big", "big"), instance("i-general", "general"));
    List<JobOutcome> outcomes = List.of(
        ran(1, List.of("self-hosted", "linux"), "i-big"),
        ran(2, List.of("self-hosted", "linux", "xl"), "i-big"),
        ran(3, List.of("self-hosted", "linux"), "i-general"),
        ran(4, List.of("self-hosted"), null));

    assertThat(TakenRunners.count(outcomes, instances, List.of(general, big), null))
        .containsExactlyEntriesOf(java.util.Map.of("big", 1));
  }

  private static TakenRunners.PlacedPool pool(String name, String... labels) {
    return new TakenRunners.PlacedPool("ci", new PoolOffer(name, new PoolScope(PoolScope.Level.ORGANIZATION, "acme"),
        Set.of(labels), Set.of("self-hosted", "linux", "x64"), false));
  }

  private static InstanceRecord instance(String id, String pool) {
    return new InstanceRecord(id, "ci", pool, "m7i.large", CapacityType.SPOT, Duration.ofMinutes(5),
        Duration.ofMinutes(3), T0, T0.plusSeconds(40), T0.plusSeconds(41));
  }

  private static JobOutcome ran(int sequence, List<String> labels, String instanceId) {
    return new JobOutcome(sequence, "acme/app", labels, List.of((long) sequence), T0, T0.plusSeconds(10),
        T0.plusSeconds(70), "runner", instanceId, 0, instanceId != null);
  }
}
