package dev.ec2runner.operator.runner;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.S3Distribution;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool that installs from an S3 mirror holding no archive yet launches nothing: its conditions and a Warning Event
 * say so, and the Runner launches once the mirror holds one.
 */
class EmptyRunnerMirrorIT {

  private static final String EMPTY = "the S3 mirror s3://runner-mirror/actions-runner/ holds no runner archive for"
      + " linux/x64 yet";

  private final AtomicBoolean mirrorFilled = new AtomicBoolean();
  // What the AWS adapter answers for such a pool while its mirror is empty (MirroredLaunchIT shows it on moto).
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().fault(new CallGate.Rule() {
    @Override
    public void before(CallGate.Call call) throws CloudException {
      if (call.is("RunnerCloud.launch") && !mirrorFilled.get()
          && call.<LaunchRequest>arg(0).poolSpec().getRunner().getDistribution() != null) {
        throw new CloudException.RunnerMirrorEmpty(EMPTY);
      }
    }
  }));
  @Operated
  private OperatorWorld world;

  @Test
  void launchesWaitWithTheReasonShownUntilTheMirrorHoldsTheArchive() {
    String namespace = world.createNamespace("mirror");
    world.client().resource(appSecret(namespace)).create();
    RunnerPool pool = pool(namespace, "gpu", 3);
    pool.getSpec().getRunner().setDistribution(new RunnerDistribution().withSource("s3")
        .withS3(new S3Distribution().withBucket("runner-mirror")));
    world.client().resource(pool).create();
    world.client().resource(queuedJob(namespace, 1, OperatorWorld.START)).create();

    await().untilAsserted(() -> assertThat(world.conditions(namespace, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("LaunchFailing");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("RunnerMirrorEmpty");
      assertThat(c.getMessage()).contains(EMPTY);
    }).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getMessage()).contains(EMPTY);
    }));
    await().untilAsserted(() -> assertThat(world.events(namespace, "LaunchFailing")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains(EMPTY);
    }));
    assertThat(world.cloud().running()).isEmpty();

    mirrorFilled.set(true);

    await().untilAsserted(() -> assertThat(world.runners(namespace, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getInstanceId()).isNotNull()));
    await().untilAsserted(() -> assertThat(world.conditions(namespace, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    }));
  }
}
