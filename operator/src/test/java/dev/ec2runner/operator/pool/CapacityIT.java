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
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
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
  private OperatorTestHarness harness;

  @Test
  void theCapHoldsUnderABurstOf200Jobs() throws InterruptedException {
    harness.createPool(pool(ns, "gpu", 10));
    AtomicInteger maxSeen = new AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          maxSeen.accumulateAndGet(harness.runners(ns, "gpu").size(), Math::max);
        } catch (RuntimeException e) {
          return;
        }
      }
    });
    watcher.setDaemon(true);
    watcher.start();

    for (long id = 1; id <= 200; id++) {
      harness.client().resource(queuedJob(ns, id, OperatorTestHarness.START)).create();
    }
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus())
        .satisfies(s -> assertThat(s.getPendingJobs()).isEqualTo(200))
        .satisfies(s -> assertThat(s.getIdle()).isEqualTo(10)));
    RunnerPool pool = harness.pool(ns, "gpu");
    Condition atCapacity = Conditions.find(pool.getStatus().getConditions(), "AtCapacity").orElseThrow();
    assertThat(atCapacity.getStatus()).isEqualTo("True");
    assertThat(atCapacity.getMessage()).contains("10 of maxRunners 10");
    await().untilAsserted(() -> assertThat(harness.events(ns, "AtCapacity")).isNotEmpty());
    watcher.interrupt();
    watcher.join();

    assertThat(maxSeen.get()).isLessThanOrEqualTo(10);
    assertThat(harness.runners(ns, "gpu")).hasSize(10);
    assertThat(harness.cloud().running()).hasSize(10);
    assertThat(harness.cloud().launches().stream().map(LaunchRequest::idempotencyToken).distinct()).hasSize(10);
    assertThat(harness.gitHub().registrations()).hasSize(10);
    assertThat(harness.pool(ns, "gpu").getStatus().getRunners()).isEqualTo(10);
  }

  @Test
  void spotCapacityErrorsFallBackToOnDemandAndAreRemembered() {
    // EC2's error names each instance type but no zone: spot is out everywhere, and the operator remembers that.
    harness.cloud().failNextLaunch(new CloudException.InsufficientCapacity("InsufficientInstanceCapacity", List.of(
        new Offering("m7i.large", null, CapacityType.SPOT), new Offering("m6i.large", null, CapacityType.SPOT))));
    harness.createPool(pool(ns, "gpu", 10));
    harness.client().resource(queuedJob(ns, 1, OperatorTestHarness.START)).create();

    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getCapacityType()).isEqualTo("on-demand"))
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String first = harness.runners(ns, "gpu").get(0).getMetadata().getName();
    assertThat(capacityTypesTried(first)).containsExactly("spot", "on-demand");

    // The next Runner skips spot while the offering is remembered as unavailable.
    harness.client().resource(queuedJob(ns, 2, OperatorTestHarness.START)).create();
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String second = harness.runners(ns, "gpu").stream().map(r -> r.getMetadata().getName())
        .filter(n -> !n.equals(first)).findFirst().orElseThrow();
    assertThat(capacityTypesTried(second)).containsExactly("on-demand");
    assertThat(harness.counter("ec2runner.launches", "capacity_type", "on-demand")).isEqualTo(2);

    // After the cool-down, spot is tried first again.
    harness.clock().advance(Duration.ofMinutes(4));
    harness.client().resource(queuedJob(ns, 3, OperatorTestHarness.START)).create();
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).hasSize(3)
        .anySatisfy(r -> assertThat(r.getStatus().getCapacityType()).isEqualTo("spot")));
  }

  @Test
  void spotOnlyPoolWithoutCapacityReportsLaunchFailing() {
    harness.cloud().addCapacityOutage(null, null, CapacityType.SPOT, Instant.MAX);
    RunnerPool spotOnly = pool(ns, "spot", 3);
    spotOnly.getSpec().getEc2().setCapacityType("spot");
    harness.createPool(spotOnly);
    harness.client().resource(queuedJob(ns, 1, OperatorTestHarness.START)).create();

    await().untilAsserted(() -> assertThat(harness.conditions(ns, "spot"))
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("LaunchFailing");
          assertThat(c.getStatus()).isEqualTo("True");
          assertThat(c.getReason()).isEqualTo("InsufficientCapacity");
        })
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Ready");
          assertThat(c.getStatus()).isEqualTo("False");
        }));
    await().untilAsserted(() -> assertThat(harness.events(ns, "LaunchFailing")).isNotEmpty());
    Runner runner = harness.runners(ns, "spot").get(0);
    assertThat(runner.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(runner.getStatus().getInstanceId()).isNull();
    assertThat(harness.cloud().running()).isEmpty();
    assertThat(harness.runners(ns, "spot")).hasSize(1);
    assertThat(harness.counter("ec2runner.launch.failures", "reason", "InsufficientCapacity")).isPositive();

    harness.cloud().clearCapacityOutages();
    harness.clock().advance(Duration.ofMinutes(4));
    await().untilAsserted(() -> assertThat(harness.conditions(ns, "spot")).anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("LaunchFailing");
          assertThat(c.getStatus()).isEqualTo("False");
        }));
  }

  private List<String> capacityTypesTried(String runner) {
    return harness.cloud().launches().stream().filter(l -> l.runnerName().equals(runner))
        .map(l -> l.capacityType().wireName()).collect(Collectors.toList());
  }
}
