package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerPoolStatus;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the embedded API, as a user of the sandbox drives it. */
class KubectlIT {

  private static final String NAMESPACE = "ci";
  private static final Path ORGANIZATION_POOL =
      Path.of("..", "examples", "pools", "organization-pool.yaml").toAbsolutePath();

  @TempDir
  static Path workDir;

  private static EmbeddedKubernetesApi api;
  private static KubernetesClient client;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() {
    api = EmbeddedKubernetesApi.start(NAMESPACE);
    api.applyProjectCrds();
    client = api.client();
    kubectl = new Kubectl(api.writeKubeconfig(workDir.resolve("kubeconfig")), workDir);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void getShowsThePrinterColumnsWithTheObjectsValues() throws Exception {
    Fixtures.createWithStatus(client, Fixtures.runnerPool("columns", NAMESPACE));
    Fixtures.createWithStatus(client, Fixtures.runner("columns-abcde", NAMESPACE));
    Fixtures.createWithStatus(client, Fixtures.workflowJob("job-200", NAMESPACE));

    List<Map<String, String>> rows = Kubectl.rows(kubectl.ok("get", "runnerpools,runners,workflowjobs"));

    assertThat(row(rows, "runnerpool.ec2runner.dev/columns").keySet()).containsExactly("NAME", "ORG/REPO",
        "LABELS", "MAX", "RUNNERS", "IDLE", "BUSY", "PENDING", "READY", "AGE");
    assertThat(row(rows, "runnerpool.ec2runner.dev/columns")).containsEntry("ORG/REPO", "my-org")
        .containsEntry("LABELS", "[\"docker\",\"large\"]").containsEntry("MAX", "10").containsEntry("RUNNERS", "4")
        .containsEntry("IDLE", "1").containsEntry("BUSY", "2").containsEntry("PENDING", "1")
        .containsEntry("READY", "True");
    assertThat(row(rows, "runnerpool.ec2runner.dev/columns").get("AGE")).matches("\\d+s");
    assertThat(row(rows, "runner.ec2runner.dev/columns-abcde")).containsEntry("POOL", "full")
        .containsEntry("PHASE", "Busy").containsEntry("INSTANCE", "i-0123456789abcdef0")
        .containsEntry("TYPE", "m7i.large").containsEntry("CAPACITY", "spot").containsEntry("ZONE", "eu-west-1a")
        .containsEntry("JOB", "200");
    assertThat(row(rows, "workflowjob.ec2runner.dev/job-200")).containsEntry("REPO", "my-org/app")
        .containsEntry("STATE", "in_progress").containsEntry("POOL", "full").containsEntry("RUNNER", "full-abcde")
        .containsEntry("WAITED", "55s");
  }

  @Test
  void shortNamesWork() throws Exception {
    client.resource(Fixtures.runnerPool("short", "short-names")).create();
    client.resource(Fixtures.runner("short-fghij", "short-names")).create();
    client.resource(Fixtures.workflowJob("job-short", "short-names")).create();

    assertThat(Kubectl.rows(kubectl.ok("get", "rpool", "-n", "short-names"))).extracting(r -> r.get("NAME"))
        .containsExactly("short");
    assertThat(Kubectl.rows(kubectl.ok("get", "rnr", "-n", "short-names"))).extracting(r -> r.get("NAME"))
        .containsExactly("short-fghij");
    assertThat(Kubectl.rows(kubectl.ok("get", "wfj", "-n", "short-names"))).extracting(r -> r.get("NAME"))
        .containsExactly("job-short");
    assertThat(Kubectl.rows(kubectl.ok("get", "rpool", "--all-namespaces"))).extracting(r -> r.get("NAMESPACE"))
        .contains("short-names");
  }

  @Test
  void applyCreatesTheExamplePoolAndItsSecret() throws Exception {
    String applied = kubectl.ok("apply", "-f", ORGANIZATION_POOL.toString(), "--validate=false");

    assertThat(applied).contains("secret/github-app created", "runnerpool.ec2runner.dev/org-linux created");
    RunnerPool pool = client.resources(RunnerPool.class).inNamespace("ci-runners").withName("org-linux").get();
    assertThat(pool.getSpec().getGithub().getOrganization()).isEqualTo("my-org");
    assertThat(pool.getSpec().getScaling().getMaxRunners()).isEqualTo(20);
    Secret secret = client.secrets().inNamespace("ci-runners").withName("github-app").get();
    assertThat(secret.getData()).containsEntry("appId",
        Base64.getEncoder().encodeToString("123456".getBytes(StandardCharsets.UTF_8)));

    assertThat(kubectl.ok("apply", "-f", ORGANIZATION_POOL.toString(), "--validate=false"))
        .contains("runnerpool.ec2runner.dev/org-linux unchanged");
    assertThat(kubectl.ok("get", "namespace", "ci-runners")).contains("Active");
  }

  @Test
  void scaleSetsSpecReplicas() throws Exception {
    Fixtures.createWithStatus(client, Fixtures.runnerPool("scalable", NAMESPACE));

    assertThat(kubectl.ok("scale", "runnerpool", "scalable", "--replicas=3"))
        .contains("runnerpool.ec2runner.dev/scalable scaled");

    RunnerPool pool = client.resources(RunnerPool.class).withName("scalable").get();
    assertThat(pool.getSpec().getReplicas()).isEqualTo(3);
    assertThat(pool.getStatus().getRunners()).as("status untouched").isEqualTo(4);

    Kubectl.Result precondition = kubectl.run("scale", "runnerpool", "scalable", "--replicas=5",
        "--current-replicas=2");
    assertThat(precondition.exitCode()).isNotZero();
    assertThat(precondition.stderr()).contains("Expected replicas to be 2, was 3");
  }

  @Test
  void describeShowsTheObjectAndItsEvents() throws Exception {
    RunnerPool pool = Fixtures.createWithStatus(client, Fixtures.runnerPool("described", NAMESPACE));
    event("described.scaled", "described", pool.getMetadata().getUid(), "Normal", "ScaledUp",
        "created runner described-k2m9q");
    event("described.launch", "described", pool.getMetadata().getUid(), "Warning", "LaunchFailed",
        "InsufficientInstanceCapacity for m7i.large in eu-west-1a");
    event("elsewhere.scaled", "elsewhere", "another-uid", "Normal", "ScaledDown", "not about the described pool");

    String described = kubectl.ok("describe", "runnerpool", "described");

    assertThat(described).contains("Name:", "described", "Kind:         RunnerPool", "Max Runners:", "Events:");
    String events = described.substring(described.indexOf("Events:"));
    assertThat(events).contains("ScaledUp", "created runner described-k2m9q", "LaunchFailed",
        "InsufficientInstanceCapacity for m7i.large in eu-west-1a", "ec2-runner-operator")
        .doesNotContain("not about the described pool");
  }

  @Test
  void deleteRemovesThePool() throws Exception {
    client.resource(Fixtures.runnerPool("doomed", NAMESPACE)).create();

    assertThat(kubectl.ok("delete", "runnerpool", "doomed")).contains("runnerpool.ec2runner.dev \"doomed\" deleted");

    assertThat(client.resources(RunnerPool.class).withName("doomed").get()).isNull();
    assertThat(kubectl.run("get", "runnerpool", "doomed").stderr())
        .contains("runnerpools.ec2runner.dev \"doomed\" not found");
  }

  @Test
  void deleteWaitsForFinalizersThroughAWatch() throws Exception {
    RunnerPool pool = Fixtures.runnerPool("finalized", NAMESPACE);
    pool.getMetadata().setFinalizers(List.of("ec2runner.dev/test-cleanup"));
    client.resource(pool).create();

    Kubectl.Running delete = kubectl.start("delete", "runnerpool", "finalized", "--timeout=25s");
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      RunnerPool current = client.resources(RunnerPool.class).withName("finalized").get();
      return current != null && current.getMetadata().getDeletionTimestamp() != null;
    });
    assertThat(delete.process().isAlive()).as("kubectl waits while the finalizer is there").isTrue();
    client.resources(RunnerPool.class).withName("finalized")
        .edit(p -> {
          p.getMetadata().setFinalizers(List.of());
          return p;
        });

    Kubectl.Result result = kubectl.await(delete);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).isEmpty();
    assertThat(client.resources(RunnerPool.class).withName("finalized").get()).isNull();
  }

  @Test
  void getWatchStreamsChanges() throws Exception {
    Fixtures.createWithStatus(client, Fixtures.runnerPool("watched", "watching"));
    Kubectl.Running watch = kubectl.start("get", "runnerpools", "-n", "watching", "--watch", "--output-watch-events");
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> watch.stdoutSoFar().contains("ADDED"));

      client.resources(RunnerPool.class).inNamespace("watching").withName("watched")
          .edit(p -> {
            p.getSpec().getScaling().setMaxRunners(33);
            return p;
          });
      client.resources(RunnerPool.class).inNamespace("watching").withName("watched").delete();

      await().atMost(Duration.ofSeconds(20)).until(() -> watch.stdoutSoFar().contains("DELETED"));
      List<Map<String, String>> rows = Kubectl.rows(watch.stdoutSoFar());
      assertThat(rows).extracting(r -> r.get("EVENT") + " " + r.get("NAME") + " " + r.get("MAX"))
          .containsExactly("ADDED watched 10", "MODIFIED watched 33", "DELETED watched 33");
      assertThat(watch.process().isAlive()).as("the watch stays open").isTrue();
    } finally {
      watch.process().destroy();
    }
  }

  @Test
  void waitSeesConditionsPresentAndToCome() throws Exception {
    Fixtures.createWithStatus(client, Fixtures.runnerPool("ready", NAMESPACE));
    assertThat(kubectl.ok("wait", "--for=condition=Ready", "runnerpool/ready", "--timeout=20s"))
        .contains("runnerpool.ec2runner.dev/ready condition met");

    RunnerPool pending = Fixtures.runnerPool("not-ready-yet", NAMESPACE);
    RunnerPoolStatus status = pending.getStatus();
    client.resource(pending).create();
    Kubectl.Running wait = kubectl.start("wait", "--for=condition=Ready", "runnerpool/not-ready-yet",
        "--timeout=25s");
    RunnerPool created = client.resources(RunnerPool.class).withName("not-ready-yet").get();
    created.setStatus(status);
    client.resource(created).updateStatus();

    Kubectl.Result result = kubectl.await(wait);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("runnerpool.ec2runner.dev/not-ready-yet condition met");
  }

  private static void event(String name, String poolName, String uid, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    client.v1().events().resource(new EventBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewInvolvedObject().withApiVersion("ec2runner.dev/v1alpha1").withKind("RunnerPool").withName(poolName)
        .withNamespace(NAMESPACE).withUid(uid).endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message).withCount(1)
        .withNewSource().withComponent("ec2-runner-operator").endSource()
        .withFirstTimestamp(now).withLastTimestamp(now).build()).create();
  }

  private static Map<String, String> row(List<Map<String, String>> rows, String name) {
    return rows.stream().filter(r -> name.equals(r.get("NAME"))).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " in " + rows));
  }
}
