package dev.ec2runner.operator.runner;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool at its cap hands a finished ephemeral runner's slot to the next queued job as soon as the job's completion
 * webhook arrives: no observation of EC2 or GitHub, and no step of the clock, comes between the two.
 */
class SlotReuseIT {

  // Observations an hour apart: within the test, the only news the operator gets is what the webhooks write.
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder()
      .config(config -> config.withObserveInterval(Duration.ofHours(1))));

  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void aFinishedRunnersSlotGoesToTheNextQueuedJobWithoutWaitingForAnObservation() {
    world.createPool(pool(ns, "gpu", 1));
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    world.client().resource(queuedJob(ns, 2, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.gitHub().registrations()).singleElement()
        .satisfies(r -> assertThat(r.online()).isTrue()));
    Runner first = world.runners(ns, "gpu").get(0);
    String runner = first.getMetadata().getName();
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(2));
    long listingsBefore = observations();

    // The runner takes job 1, runs it and ends: GitHub drops the ephemeral registration, the instance powers off.
    world.gitHub().setBusy(runner, true);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(runner)
          .withStartedAt(OperatorWorld.START.toString());
      return j;
    });
    world.gitHub().removeRunner(runner);
    world.cloud().shutDownFromInside(world.cloud().instanceOfRunner(runner).orElseThrow().instanceId());
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("success")
          .withCompletedAt(OperatorWorld.START.toString());
      return j;
    });

    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isNotEqualTo(runner)));
    await().untilAsserted(() -> assertThat(world.cloud().launches()).hasSize(2));
    List<String> launched = world.cloud().launches().stream().map(l -> l.runnerName()).toList();
    assertThat(launched).first().isEqualTo(runner);
    assertThat(world.clock().instant()).isEqualTo(OperatorWorld.START);
    assertThat(observations()).as("EC2 and GitHub listings since the job started").isEqualTo(listingsBefore);
    // GitHub reported the job done, so it had dropped the ephemeral registration: nothing to delete.
    assertThat(world.gitHub().calls()).noneMatch(call -> call.startsWith("deleteRunner"));
  }

  private long observations() {
    return world.cloud().calls().stream().filter(c -> c.equals("DescribeInstances")).count()
        + world.gitHub().calls().stream().filter(c -> c.startsWith("listRunners")).count();
  }
}
