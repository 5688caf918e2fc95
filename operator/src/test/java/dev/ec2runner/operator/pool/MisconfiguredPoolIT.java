package dev.ec2runner.operator.pool;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.IdleSchedule;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.access.GitHubHealth;
import dev.ec2runner.operator.testsupport.BrokenWorld;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.TestResources;
import dev.ec2runner.testkit.LogCapture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RunnerPools the CRD schema accepts but the world rejects: each ends in {@code Ready=False} with a reason and a
 * message that names the problem, with an Event, trying again at a bounded rate, and without one stack trace in the
 * log: no crash loop, no exception spam.
 */
class MisconfiguredPoolIT {

  private static final String UNREACHABLE = "https://github.invalid/api/v3";
  /** The launch retry after an InvalidConfiguration error: four times the error retry of the test operator. */
  private static final Duration CONFIG_RETRY = OperatorWorld.testConfig().errorRetry().multipliedBy(4);

  private final BrokenWorld.CallCounter calls = new BrokenWorld.CallCounter();
  private final LogCapture log = new LogCapture();
  // The installation allows the GitHub Enterprise Server that does not answer, as one whose server is down would.
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder()
      .config(config -> config.withGitHubApiHosts(Set.of("api.github.com", "github.invalid")))
      .fault(calls)
      .fault(BrokenWorld.awsAccount(Set.of("eu-west-1"), Set.of("m7i.large", "m6i.large"),
          Set.of("ami-0123456789abcdef0")))
      .fault(BrokenWorld.gitHubApp(TestResources.TEST_KEY, Set.of(UNREACHABLE))));
  @Operated
  private OperatorWorld world;

  @AfterEach
  void stop() {
    try {
      assertThat(log.text()).as("stack traces in the operator's log").doesNotContain("\tat ")
          .doesNotContain(" ERROR ");
    } finally {
      log.close();
    }
  }

  /**
   * A new namespace (named from the prefix, returned) with the App Secret, a pool adjusted by {@code change}, and
   * {@code jobs} jobs. The API server validates the pool (schema and CEL rules): creating it fails if they refuse it.
   */
  private String poolIn(String prefix, int jobs, Consumer<RunnerPool> change) {
    return poolIn(prefix, jobs, change, secret -> { });
  }

  private String poolIn(String prefix, int jobs, Consumer<RunnerPool> change, Consumer<Secret> secretChange) {
    String namespace = world.createNamespace(prefix);
    Secret secret = appSecret(namespace);
    secretChange.accept(secret);
    world.client().resource(secret).create();
    RunnerPool pool = pool(namespace, "gpu", 3);
    change.accept(pool);
    world.client().resource(pool).create();
    for (long id = 1; id <= jobs; id++) {
      world.client().resource(queuedJob(namespace, id, OperatorWorld.START)).create();
    }
    return namespace;
  }

  private void awaitCondition(String namespace, String type, String status, String reason, String... message) {
    await().untilAsserted(() -> assertThat(world.conditions(namespace, "gpu")).as(namespace).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo(type);
      assertThat(c.getStatus()).isEqualTo(status);
      assertThat(c.getReason()).isEqualTo(reason);
      for (String part : message) {
        assertThat(c.getMessage()).contains(part);
      }
    }));
  }

  /** Over a few seconds, each failing Runner tries no more often than once per retry interval. */
  private void assertAttemptsBounded(String call, String namespace, int runners, Duration retry) {
    long started = System.nanoTime();
    int before = calls.count(call, namespace);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      return calls.count(call, namespace) - before <= runners * (elapsedMillis / retry.toMillis() + 2);
    });
  }

  @Test
  void cloudSettingsTheAccountDoesNotHaveFailLaunchesVisiblyAndCalmly() {
    String types = poolIn("types", 2, p -> p.getSpec().getEc2().setInstanceTypes(List.of("m7i.gigantic")));
    String images = poolIn("images", 2, p -> p.getSpec().getEc2().getAmi().setId("ami-0badbadbadbadbad0"));
    String regions = poolIn("regions", 2, p -> p.getSpec().getEc2().setRegion("eu-north-9"));

    awaitCondition(types, "LaunchFailing", "True", "InvalidConfiguration", "m7i.gigantic", "spec.ec2.instanceTypes");
    awaitCondition(types, "Ready", "False", "LaunchFailing", "m7i.gigantic");
    awaitCondition(images, "LaunchFailing", "True", "InvalidConfiguration", "ami-0badbadbadbadbad0", "spec.ec2.ami");
    awaitCondition(regions, "LaunchFailing", "True", "InvalidConfiguration", "eu-north-9", "spec.ec2.region");
    for (String namespace : List.of(types, images, regions)) {
      await().untilAsserted(() -> assertThat(world.events(namespace, "LaunchFailing")).as(namespace).isNotEmpty());
      assertThat(world.events(namespace, "LaunchFailed")).as(namespace).isNotEmpty();
      assertThat(world.runners(namespace, "gpu")).as(namespace).hasSize(2)
          .allSatisfy(r -> assertThat(r.getStatus().getInstanceId()).isNull());
    }
    assertAttemptsBounded("RunnerCloud.launch", types, 2, CONFIG_RETRY);
    assertAttemptsBounded("RunnerCloud.launch", images, 2, CONFIG_RETRY);
    assertAttemptsBounded("RunnerCloud.launch", regions, 2, CONFIG_RETRY);
    assertThat(world.cloud().running()).isEmpty();
    assertThat(world.runners(types, "gpu")).as("at most one Runner per job").hasSize(2);

    // Fixing the spec is enough: the same Runners launch.
    TestResources.edit(world.client().resources(RunnerPool.class).inNamespace(types).withName("gpu"),
        p -> {
          p.getSpec().getEc2().setInstanceTypes(List.of("m7i.large"));
          return p;
        });
    awaitCondition(types, "Ready", "True", "PoolReady");
    await().untilAsserted(() -> assertThat(world.runners(types, "gpu")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
  }

  @Test
  void schedulesThatDoNotParseBlockThePoolWithTheirFieldNamed() {
    String cron = poolIn("cron", 1, p -> p.getSpec().getScaling().setIdleSchedules(List.of(
        new IdleSchedule().withCron("61 25 * * *").withTimeZone("UTC").withCount(1).withDuration("1h"))));
    String zone = poolIn("zone", 1, p -> p.getSpec().getScaling().setIdleSchedules(List.of(
        new IdleSchedule().withCron("0 8 * * 1-5").withTimeZone("Mars/Olympus_Mons").withCount(1)
            .withDuration("9h"))));

    awaitCondition(cron, "Ready", "False", "InvalidSpec", "spec.scaling.idleSchedules[0]", "61 25 * * *");
    awaitCondition(zone, "Ready", "False", "InvalidSpec", "spec.scaling.idleSchedules[0]", "Mars/Olympus_Mons");
    for (String namespace : List.of(cron, zone)) {
      await().untilAsserted(() -> assertThat(world.events(namespace, "InvalidSpec")).as(namespace).isNotEmpty());
      assertThat(world.runners(namespace, "gpu")).as(namespace).isEmpty();
      await().untilAsserted(() -> assertThat(world.pool(namespace, "gpu").getStatus().getPendingJobs())
          .as("the job still counts").isEqualTo(1));
      assertThat(calls.count("RunnerCloud.launch", namespace)).isZero();
    }
  }

  /**
   * The schema's rule for a selector ({@code has(self.id) != has(self.tags)}) cannot tell an empty tag map from a
   * real one; the operator's own check, which also covers pools stored without subnets, refuses it before acting.
   */
  @Test
  void aSpecTheSchemaAcceptsButTheOperatorCannotActOnBlocksThePoolWithoutALaunch() {
    String namespace = poolIn("notags", 2, p -> p.getSpec().getEc2().setSubnets(List.of(
        new ResourceSelector().withTags(Map.of()))));

    awaitCondition(namespace, "Ready", "False", "InvalidSpec", "spec.ec2.subnets[0]", "exactly one of id and tags");
    await().untilAsserted(() -> assertThat(world.events(namespace, "InvalidSpec")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
    // Counts alone are written at most once a second (RunnerPoolReconciler.COUNTS_INTERVAL).
    await().untilAsserted(() -> assertThat(world.pool(namespace, "gpu").getStatus().getPendingJobs())
        .as("the jobs still count").isEqualTo(2));
    assertThat(world.runners(namespace, "gpu")).isEmpty();
    assertThat(calls.count("RunnerCloud.launch", namespace)).isZero();
  }

  /** Runners created before the spec went wrong wait with the reason instead of trying to launch from it. */
  @Test
  void runnersOfAPoolWhoseSpecBecameUnusableStopTryingToLaunch() {
    String namespace = poolIn("later", 2, p -> p.getSpec().getEc2().setInstanceTypes(List.of("m7i.gigantic")));
    await().untilAsserted(() -> assertThat(world.runners(namespace, "gpu")).hasSize(2));
    awaitCondition(namespace, "LaunchFailing", "True", "InvalidConfiguration", "m7i.gigantic");

    TestResources.edit(world.client().resources(RunnerPool.class).inNamespace(namespace).withName("gpu"), p -> {
      p.getSpec().getEc2().setSubnets(List.of(new ResourceSelector().withTags(Map.of())));
      return p;
    });

    await().untilAsserted(() -> assertThat(world.runners(namespace, "gpu")).hasSize(2).allSatisfy(r ->
        assertThat(r.getStatus().getConditions()).anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Launched");
          assertThat(c.getReason()).isEqualTo("InvalidSpec");
          assertThat(c.getMessage()).contains("spec.ec2.subnets[0]");
        })));
    int launches = calls.count("RunnerCloud.launch", namespace);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> calls.count("RunnerCloud.launch", namespace) == launches);
  }

  @Test
  void aGitHubThatRefusesTheKeyStopsLaunchesBeforeAnInstanceIsWasted() {
    String wrongKey = poolIn("wrongkey", 1, p -> { }, secret -> secret.setStringData(Map.of("appId", "12345",
        "installationId", "67890", "privateKey",
        TestResources.TEST_KEY.replace("MIIBOgIBAAJBAKj34", "MIIBOgIBAAJBAOTHER"))));

    awaitCondition(wrongKey, "GitHubReachable", "False", "Unauthorized", "check appId, installationId and privateKey");
    awaitCondition(wrongKey, "Ready", "False", "GitHubUnauthorized", "no runner is launched", "401");
    assertThat(world.runners(wrongKey, "gpu")).allSatisfy(r -> assertThat(r.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("GitHubUnauthorized")));
    assertAttemptsBounded("GitHubRunners.listRunners", wrongKey, 1, OperatorWorld.OBSERVE_INTERVAL);
    assertThat(calls.count("RunnerCloud.launch", wrongKey)).isZero();
    assertThat(world.gitHub().registrations()).isEmpty();
  }

  @Test
  void aGitHubThatDoesNotAnswerCostsOneInstanceThenStopsLaunches() {
    String unreachable = poolIn("unreachable", 1, p -> p.getSpec().getGithub().setApiUrl(UNREACHABLE));

    awaitCondition(unreachable, "LaunchFailing", "True", "GitHubError", "ConnectException");
    awaitCondition(unreachable, "Ready", "False", "LaunchFailing", "GitHub refused the runner registration");
    await().untilAsserted(() -> assertThat(world.events(unreachable, "GitHubError")).isNotEmpty());
    assertThat(world.runners(unreachable, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Launching"));
    assertAttemptsBounded("GitHubRunners.createJitConfig", unreachable, 1, OperatorWorld.testConfig().errorRetry());
    // A short outage must not hold capacity back: the first instance was launched and waits for its registration.
    assertThat(calls.count("RunnerCloud.launch", unreachable)).isEqualTo(1);

    // Still no answer after the grace: launching stops, and the instance stuck unregistered is replaced by nothing.
    world.clock().advance(GitHubHealth.UNREACHABLE_GRACE);
    awaitCondition(unreachable, "GitHubReachable", "False", "Unreachable", "ConnectException");
    awaitCondition(unreachable, "Ready", "False", "GitHubUnreachable", "no runner is launched", "ConnectException");
    world.clock().advance(Duration.ofMinutes(6));
    await().untilAsserted(() -> assertThat(world.cloud().running()).isEmpty());
    assertThat(calls.count("RunnerCloud.launch", unreachable)).isEqualTo(1);
    assertThat(world.gitHub().registrations()).isEmpty();
  }

  @Test
  void anAppSecretDeletedMidLifeBlocksThePoolButSparesItsRunners() {
    String ns = poolIn("ci", 0, p -> p.getSpec().getScaling().setMinIdle(1));
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String runner = world.runners(ns, "gpu").get(0).getMetadata().getName();

    world.client().resource(appSecret(ns)).delete();
    awaitCondition(ns, "Ready", "False", "AppSecretInvalid", "Secret github-app not found in namespace " + ns);
    await().untilAsserted(() -> assertThat(world.events(ns, "AppSecretInvalid")).isNotEmpty());
    assertThat(world.runners(ns, "gpu")).singleElement().satisfies(r -> {
      assertThat(r.getMetadata().getName()).isEqualTo(runner);
      assertThat(r.getMetadata().getDeletionTimestamp()).isNull();
    });
    assertThat(world.gitHub().registration(runner)).isPresent();
    assertThat(world.cloud().running()).hasSize(1);

    world.client().resource(appSecret(ns)).create();
    awaitCondition(ns, "Ready", "True", "PoolReady");
    List<Condition> conditions = world.conditions(ns, "gpu");
    assertThat(conditions).noneMatch(c -> c.getMessage() != null && c.getMessage().contains("BEGIN"));
  }
}
