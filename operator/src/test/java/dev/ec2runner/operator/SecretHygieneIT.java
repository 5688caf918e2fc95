package dev.ec2runner.operator;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.testsupport.BrokenWorld;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.testkit.LogCapture;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A canary value as the App key material and enterprise token, and every JIT configuration the operator receives,
 * through a whole runner life with failures on the way (a registration GitHub refuses, a hand-off the cloud
 * refuses, a busy runner drained, a Secret with values in the wrong keys): none of them appears in any log line,
 * Event, object status or metric.
 */
class SecretHygieneIT {

  private static final String CANARY = "canary-9f8e7d-SECRET";
  private static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK" + CANARY
      + "\n-----END RSA PRIVATE KEY-----\n";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final List<String> jitConfigs = new CopyOnWriteArrayList<>();
  private final LogCapture capture = new LogCapture();
  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder().withoutAppSecret()
      .fault(onceEach()).fault(BrokenWorld.gitHubApp(KEY, Set.of())).fault(recordJitConfigs()));
  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;

  @AfterEach
  void stopCapture() {
    capture.close();
  }

  @Test
  void noSecretReachesLogsEventsStatusesOrMetrics() {
    String log;
    String metrics;
    List<String> surfaces = new ArrayList<>();
    appSecret(world, ns, Map.of("appId", "12345", "installationId", "67890", "privateKey", KEY,
        "enterpriseToken", CANARY + "-pat"));
    world.client().resource(pool(ns, "gpu", 3)).create();
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    Runner runner = await().until(() -> onlyRunner(world, ns, "Idle"), Objects::nonNull);
    String name = runner.getMetadata().getName();

    // It takes the job; deleted by hand meanwhile, it drains until the job ends.
    world.gitHub().setBusy(name, true);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(name);
      return j;
    });
    await().until(() -> onlyRunner(world, ns, "Busy"), Objects::nonNull);
    world.client().resource(runner).delete();
    await().until(() -> onlyRunner(world, ns, "Draining"), Objects::nonNull);
    // The job ends: GitHub's flag drops and its completion arrives.
    world.gitHub().setBusy(name, false);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("completed").withConclusion("success");
      return j;
    });
    await().until(() -> world.runners(ns, "gpu").isEmpty());

    // Values in the wrong keys: the messages name the keys, never the values.
    String bad = world.createNamespace("bad");
    appSecret(world, bad, Map.of("appId", CANARY, "installationId", "67890", "privateKey", CANARY));
    world.client().resource(pool(bad, "gpu", 3)).create();
    await().until(() -> !world.events(bad, "AppSecretInvalid").isEmpty());

    metrics = world.registry().scrape();
    for (String namespace : List.of(ns, bad)) {
      surfaces.add(JSON.asJson(world.events(namespace)));
      surfaces.add(JSON.asJson(world.client().resources(RunnerPool.class).inNamespace(namespace).list()));
      surfaces.add(JSON.asJson(world.client().resources(Runner.class).inNamespace(namespace).list()));
      surfaces.add(JSON.asJson(world.client().resources(WorkflowJob.class).inNamespace(namespace).list()));
    }
    log = capture.text();

    // The scan saw the failures it is about, and the secrets it looks for existed.
    assertThat(jitConfigs).as("JIT configurations issued").hasSizeGreaterThanOrEqualTo(2);
    assertThat(String.join("\n", surfaces)).contains("GitHubError", "HandOffFailed", "Draining", "AppSecretInvalid");
    assertThat(log).contains("runner configured", "runner removed");
    List<String> secrets = new ArrayList<>(jitConfigs);
    secrets.add(CANARY);
    for (String secret : secrets) {
      assertThat(log).as("the log").doesNotContain(secret);
      assertThat(metrics).as("the metrics").doesNotContain(secret);
      for (String surface : surfaces) {
        assertThat(surface).as("Events and objects").doesNotContain(secret);
      }
    }
  }

  private static void appSecret(OperatorWorld world, String namespace, Map<String, String> data) {
    Secret secret = new SecretBuilder().withNewMetadata().withName("github-app").withNamespace(namespace)
        .endMetadata().withStringData(data).build();
    world.client().resource(secret).create();
  }

  /** The first registration and the first hand-off fail, as GitHub and SSM sometimes do. */
  private static CallGate.Rule onceEach() {
    AtomicBoolean registrationFailed = new AtomicBoolean();
    AtomicBoolean handOffFailed = new AtomicBoolean();
    return new CallGate.Rule() {
      @Override
      public void before(CallGate.Call call) throws Exception {
        if (call.is("GitHubRunners.createJitConfig") && registrationFailed.compareAndSet(false, true)) {
          throw new GitHubException(502, "POST /orgs/acme/actions/runners/generate-jitconfig: 502 Bad Gateway");
        }
        if (call.is("RunnerCloud.handOffRunnerConfig") && handOffFailed.compareAndSet(false, true)) {
          throw new CloudException("ssm:PutParameter failed: InternalServerError");
        }
      }
    };
  }

  private CallGate.Rule recordJitConfigs() {
    return new CallGate.Rule() {
      @Override
      public void after(CallGate.Call call, Object result) {
        if (result instanceof JitConfig jit) {
          jitConfigs.add(jit.encodedConfig().reveal());
        }
      }
    };
  }

  private static Runner onlyRunner(OperatorWorld world, String namespace, String phase) {
    List<Runner> runners = world.runners(namespace, "gpu");
    return runners.size() == 1 && runners.get(0).getStatus() != null
        && phase.equals(runners.get(0).getStatus().getPhase()) ? runners.get(0) : null;
  }
}
