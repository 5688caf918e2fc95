package dev.ec2runner.operator.job;

import static dev.ec2runner.operator.testsupport.TestResources.ORG;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spot interruption whose job's failed completion reaches the operator before any listing shows the instance
 * gone: the Runner is classed as finished and removed, yet the lost job is still explained by a Warning and rerun.
 */
class LostAfterCompletionIT {

  private static final long RUN = 10;
  private static final String REPO = ORG + "/app";
  /** While set, instance listings fail, so the operator keeps seeing the instance as it was. */
  private volatile boolean listingsFail;
  private final AtomicInteger failedListings = new AtomicInteger();

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().fault(new CallGate.Rule() {
    @Override
    public void before(CallGate.Call call) throws Exception {
      if (listingsFail && call.is("RunnerCloud.listInstances")) {
        failedListings.incrementAndGet();
        throw new CloudException("listing unavailable in this test");
      }
    }
  }));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  @Test
  void aJobLostWithAReclaimedInstanceIsExplainedAndRerunWhateverArrivedFirst() {
    world.gitHub().setJob(REPO, RUN, 1, "queued", null);
    world.client().resource(pool(ns, "gpu", 5)).create();
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    Runner runner = await().until(() -> only("Idle"), Objects::nonNull);
    String name = runner.getMetadata().getName();
    world.gitHub().setBusy(name, true);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(name);
      return j;
    });
    await().until(() -> only("Busy"), Objects::nonNull);

    listingsFail = true;
    // Listings run one at a time: once one has failed, none started before the switch is still reading.
    await().until(() -> failedListings.get() > 0);
    world.cloud().reclaim(runner.getStatus().getInstanceId());
    world.gitHub().setBusy(name, false);
    world.gitHub().setJob(REPO, RUN, 1, "completed", "failure");
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("failure");
      return j;
    });
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).isEmpty());
    assertThat(world.events(ns, "InstanceLost")).as("nothing seen lost yet").isEmpty();

    listingsFail = false;
    await().untilAsserted(() -> assertThat(annotations()).containsEntry(InterruptedJobMarker.INTERRUPTED, name)
        .containsEntry(InterruptedJobReruns.RERUN, "requested"));
    assertThat(world.events(ns, "InstanceLost")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("job-1");
      assertThat(e.getMessage()).contains(name).contains(runner.getStatus().getInstanceId()).contains("job 1");
    });
    assertThat(world.gitHub().callCount("rerunJob 1")).isEqualTo(1);
  }

  private Map<String, String> annotations() {
    Map<String, String> annotations = world.jobs(ns).get(0).getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private Runner only(String phase) {
    List<Runner> runners = world.runners(ns, "gpu");
    return runners.size() == 1 && runners.get(0).getStatus() != null
        && phase.equals(runners.get(0).getStatus().getPhase()) ? runners.get(0) : null;
  }
}
