package dev.ec2runner.operator.cloud.guard;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.testsupport.BrokenWorld;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.testkit.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's AWS credentials expire right after a launch, while its Runners still wait for their runner
 * configuration: no Runner keeps registering on GitHub (each attempt a JIT configuration and its removal) for a
 * hand-off the cloud refuses, nothing more is launched, the pool says why, and everything resumes once the
 * credentials are renewed.
 */
class ExpiredCloudCredentialsIT {

  private static final int JOBS = 2;

  private final BrokenWorld.CallCounter calls = new BrokenWorld.CallCounter();
  private final AtomicBoolean expired = new AtomicBoolean();
  private final AtomicBoolean expiredOnce = new AtomicBoolean();
  private final LogCapture log = new LogCapture();

  /** Every cloud call fails as AWS answers an expired session token; the first launch is the last that works. */
  private final CallGate.Rule credentials = new CallGate.Rule() {
    @Override
    public void before(CallGate.Call call) throws CloudException {
      if (expired.get() && call.name().startsWith("RunnerCloud.")) {
        throw new CloudException.CredentialsRefused("ssm:PutParameter failed: ExpiredTokenException: The security "
            + "token included in the request is expired");
      }
    }

    @Override
    public void after(CallGate.Call call, Object result) {
      if (call.is("RunnerCloud.launch") && !expiredOnce.getAndSet(true)) {
        expired.set(true);
      }
    }
  };

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().fault(calls).fault(credentials));
  @Operated
  private OperatorWorld world;
  @Operated
  private String namespace;

  @BeforeEach
  void start() {
    world.client().resource(pool(namespace, "gpu", JOBS)).create();
    for (long id = 1; id <= JOBS; id++) {
      world.client().resource(queuedJob(namespace, id, OperatorWorld.START)).create();
    }
  }

  @AfterEach
  void stop() {
    try {
      assertThat(log.text()).as("stack traces in the operator's log").doesNotContain("\tat ");
    } finally {
      log.close();
    }
  }

  @Test
  void aRunnerStillLaunchingWaitsForRenewedCredentialsWithoutCallingGitHubAgainAndAgain() {
    await().untilAsserted(() -> assertThat(world.conditions(namespace, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo(CloudHealth.CREDENTIALS_REFUSED);
      assertThat(c.getMessage()).contains("ExpiredTokenException", "no runner is launched or registered");
    }));
    await().untilAsserted(() -> assertThat(world.events(namespace, CloudHealth.CREDENTIALS_REFUSED)).isNotEmpty());
    // The Runners launch in parallel: one or both instances started before the credentials expired.
    int launches = calls.count("RunnerCloud.launch", namespace);
    int launched = world.cloud().running().size();
    assertThat(launched).isBetween(1, JOBS);

    // Without the pause every launched Runner registered again each error retry (200 ms here, 30 s in production).
    int registrationsBefore = calls.count("GitHubRunners.createJitConfig", namespace);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
        calls.count("GitHubRunners.createJitConfig", namespace) == registrationsBefore
            && calls.count("RunnerCloud.launch", namespace) == launches);
    assertThat(registrationsBefore).as("JIT configurations: one at most per instance launched before the refusal")
        .isLessThanOrEqualTo(launched);
    assertThat(calls.count("GitHubRunners.deleteRunner", namespace)).isZero();
    assertThat(world.runners(namespace, "gpu")).anySatisfy(r -> assertThat(r.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo(CloudHealth.CREDENTIALS_REFUSED)));

    expired.set(false);
    await().untilAsserted(() -> assertThat(world.runners(namespace, "gpu")).hasSize(JOBS)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    await().untilAsserted(() -> assertThat(world.conditions(namespace, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    }));
    assertThat(calls.count("GitHubRunners.createJitConfig", namespace)).as("one registration per Runner, and one "
        + "more for each whose first hand-off was refused").isLessThanOrEqualTo(JOBS + launched);
  }
}
