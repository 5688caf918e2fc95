package dev.ec2runner.operator.pool;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.kube.Conditions;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@WithOperator
class CapacityIT {

  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void theCapHoldsUnderABurstOf200Jobs() throws InterruptedException {
    world.createPool(pool(ns, "gpu", 10));
    AtomicInteger maxSeen = new AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          maxSeen.accumulateAndGet(world.runners(ns, "gpu").size(), Math::max);
        } catch (RuntimeException e) {
          return;
        }
      }
    });
    watcher.setDaemon(true);
    watcher.start();

    for (long id = 1; id <= 200; id++) {
      world.client().resource(queuedJob(ns, id, OperatorWorld.START)).create();
    }
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus())
        .satisfies(s -> assertThat(s.getPendingJobs()).isEqualTo(200))
        .satisfies(s -> assertThat(s.getIdle()).isEqualTo(10)));
    RunnerPool pool = world.pool(ns, "gpu");
    Condition atCapacity = Conditions.find(pool.getStatus().getConditions(), "AtCapacity").orElseThrow();
    assertThat(atCapacity.getStatus()).isEqualTo("True");
    assertThat(atCapacity.getMessage()).contains("10 of maxRunners 10");
    await().untilAsserted(() -> assertThat(world.events(ns, "AtCapacity")).isNotEmpty());
    watcher.interrupt();
    watcher.join();

    assertThat(maxSeen.get()).isLessThanOrEqualTo(10);
    assertThat(world.runners(ns, "gpu")).hasSize(10);
    assertThat(world.cloud().running()).hasSize(10);
    assertThat(world.cloud().launches().stream().map(LaunchRequest::idempotencyToken).distinct()).hasSize(10);
    assertThat(world.gitHub().registrations()).hasSize(10);
    assertThat(world.pool(ns, "gpu").getStatus().getRunners()).isEqualTo(10);
  }

  @Test
  void spotCapacityErrorsFallBackToOnDemandAndAreRemembered() {
    // EC2's error names each instance type but no zone: spot is out everywhere, and the operator remembers that.
    world.cloud().failNextLaunch(new CloudException.InsufficientCapacity("InsufficientInstanceCapacity", List.of(
        new Offering("m7i.large", null, CapacityType.SPOT), new Offering("m6i.large", null, CapacityType.SPOT))));
    world.createPool(pool(ns, "gpu", 10));
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getCapacityType()).isEqualTo("on-demand"))
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String first = world.runners(ns, "gpu").get(0).getMetadata().getName();
    assertThat(capacityTypesTried(first)).containsExactly("spot", "on-demand");

    // The next Runner skips spot while the offering is remembered as unavailable.
    world.client().resource(queuedJob(ns, 2, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String second = world.runners(ns, "gpu").stream().map(r -> r.getMetadata().getName())
        .filter(n -> !n.equals(first)).findFirst().orElseThrow();
    assertThat(capacityTypesTried(second)).containsExactly("on-demand");
    assertThat(world.counter("ec2runner.launches", "capacity_type", "on-demand")).isEqualTo(2);

    // After the cool-down, spot is tried first again.
    world.clock().advance(Duration.ofMinutes(4));
    world.client().resource(queuedJob(ns, 3, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(3)
        .anySatisfy(r -> assertThat(r.getStatus().getCapacityType()).isEqualTo("spot")));
  }

  @Test
  void spotOnlyPoolWithoutCapacityReportsLaunchFailing() {
    world.cloud().addCapacityOutage(null, null, CapacityType.SPOT, Instant.MAX);
    RunnerPool spotOnly = pool(ns, "spot", 3);
    spotOnly.getSpec().getEc2().setCapacityType("spot");
    world.createPool(spotOnly);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.conditions(ns, "spot"))
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("LaunchFailing");
          assertThat(c.getStatus()).isEqualTo("True");
          assertThat(c.getReason()).isEqualTo("InsufficientCapacity");
        })
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Ready");
          assertThat(c.getStatus()).isEqualTo("False");
        }));
    await().untilAsserted(() -> assertThat(world.events(ns, "LaunchFailing")).isNotEmpty());
    Runner runner = world.runners(ns, "spot").get(0);
    assertThat(runner.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(runner.getStatus().getInstanceId()).isNull();
    assertThat(world.cloud().running()).isEmpty();
    assertThat(world.runners(ns, "spot")).hasSize(1);
    assertThat(world.counter("ec2runner.launch.failures", "reason", "InsufficientCapacity")).isPositive();

    world.cloud().clearCapacityOutages();
    world.clock().advance(Duration.ofMinutes(4));
    await().untilAsserted(() -> assertThat(world.conditions(ns, "spot")).anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("LaunchFailing");
          assertThat(c.getStatus()).isEqualTo("False");
        }));
  }

  private List<String> capacityTypesTried(String runner) {
    return world.cloud().launches().stream().filter(l -> l.runnerName().equals(runner))
        .map(l -> l.capacityType().wireName()).collect(Collectors.toList());
  }
}
