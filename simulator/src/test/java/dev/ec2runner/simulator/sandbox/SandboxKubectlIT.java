package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.testkit.kube.KubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as its README shows it: with no cluster given it starts a kube-apiserver of its own and writes its
 * kubeconfig, and the real kubectl ({@code get -A}, {@code get -w}, {@code describe}, {@code scale}) sees the pool and
 * its runners as on a cluster; when the run ends the server is gone.
 */
class SandboxKubectlIT {

  private static final String SCENARIO = """
      name: watched
      duration: 3m
      bootTime: 30s
      seed: 4
      pools:
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: watched, namespace: ci-runners}
          spec:
            github: {organization: acme, labels: [docker], appSecretRef: {name: github-app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                  capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 4}
      workload:
        - repository: acme/app
          labels: [self-hosted, docker]
          bursts: [{at: 5s, jobs: 6}]
          jobDuration: {median: 3m, p95: 3m}
      """;

  @TempDir
  Path dir;

  @Test
  void kubectlWatchesDescribesAndScalesTheRunningSandboxsOwnServer() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, dir, "watched");
    Path kubeconfig = dir.resolve("sandbox-out/kubeconfig");
    // The kubectl of the server's release, as the sandbox names it; the shared server only lends its binary's path.
    Kubectl kubectl = new Kubectl(KubeApiServer.shared().kubectl(), kubeconfig,
        Files.createDirectories(dir.resolve("kubectl")));
    SandboxRun run = SandboxRun.of(scenario, SandboxOptions.atSpeed(5)
        .withKubernetes(new KubernetesTarget.OwnServer(kubeconfig)));
    AtomicReference<Thread> runner = new AtomicReference<>();
    CompletableFuture<SandboxResult> result = CompletableFuture.supplyAsync(() -> {
      runner.set(Thread.currentThread());
      try {
        return run.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(kubeconfig));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
      Kubectl.Running watch = kubectl.start("get", "runners", "-n", "ci-runners", "--watch",
          "--output-watch-events");
      try {
        // Four runners (the cap) for six jobs: the pool's status and every Runner are there to see.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          List<Map<String, String>> runners = Kubectl.rows(kubectl.ok("get", "runners", "-n", "ci-runners"));
          assertThat(runners).hasSize(4).allSatisfy(row -> assertThat(row.get("PHASE")).isEqualTo("Busy"));
        });
        // Each change printed as it happened: a Runner's creation, and later its way to Busy.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(watch.stdoutSoFar().lines())
            .anySatisfy(line -> assertThat(line).startsWith("ADDED").contains("watched-"))
            .anySatisfy(line -> assertThat(line).startsWith("MODIFIED").contains(" Busy ")));
        assertThat(watch.process().isAlive()).as("the watch stays open").isTrue();
      } finally {
        watch.process().destroy();
      }

      // The pool's counts are written at most once a second while only they change: the row catches up.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        String output = kubectl.ok("get", "runnerpools,runners,workflowjobs", "-A");
        List<Map<String, String>> rows = Kubectl.rows(output);
        assertThat(rows).as(output).hasSize(1 + 4 + 6);
        assertThat(rows.get(0)).as(output).containsEntry("NAMESPACE", "ci-runners")
            .containsEntry("NAME", "runnerpool.ec2runner.dev/watched").containsEntry("ORG/REPO", "acme")
            .containsEntry("MAX", "4").containsEntry("RUNNERS", "4").containsEntry("BUSY", "4")
            .containsEntry("PENDING", "2").containsEntry("READY", "True");
        assertThat(rows.subList(1, 5)).as(output).allSatisfy(row -> {
          assertThat(row.get("NAME")).startsWith("runner.ec2runner.dev/watched-");
          assertThat(row.get("POOL")).isEqualTo("watched");
          assertThat(row.get("INSTANCE")).startsWith("i-");
          assertThat(row.get("CAPACITY")).isEqualTo("spot");
        });
        assertThat(rows.subList(5, 11)).as(output).allSatisfy(row -> {
          assertThat(row.get("NAME")).startsWith("workflowjob.ec2runner.dev/");
          assertThat(row.get("REPO")).isEqualTo("acme/app");
          assertThat(row.get("POOL")).isEqualTo("watched");
        }).extracting(row -> row.get("STATE")).containsOnly("in_progress", "queued");
      });

      String described = kubectl.ok("describe", "runnerpool", "watched", "-n", "ci-runners");
      assertThat(described).contains("Kind:         RunnerPool", "Max Runners:", "Events:");
      assertThat(described.substring(described.indexOf("Events:"))).contains("ScaledUp");

      assertThat(kubectl.ok("scale", "runnerpool", "watched", "-n", "ci-runners", "--replicas=2"))
          .contains("runnerpool.ec2runner.dev/watched scaled");
      assertThat(kubectl.ok("get", "runnerpool", "watched", "-n", "ci-runners", "-o", "jsonpath={.spec.replicas}"))
          .isEqualTo("2");
    } finally {
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.get() != null);
      runner.get().interrupt();
    }
    // Interrupted (Ctrl-C in the main): the report so far is still there, and the server is gone.
    assertThat(catchCause(result)).isInstanceOf(InterruptedException.class);
    assertThat(run.reportSoFar()).singleElement().satisfies(report ->
        assertThat(report.invariantViolations()).anySatisfy(v -> assertThat(v).startsWith("interrupted")));
    assertThat(kubectl.run("get", "runnerpools", "-n", "ci-runners", "--request-timeout=5s").exitCode())
        .isNotZero();
  }

  private static Throwable catchCause(CompletableFuture<SandboxResult> result) {
    try {
      result.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause().getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }
}
