package dev.ec2runner.operator;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users see with the real kubectl against the real API server: every documented printer column filled, the scale
 * subresource working with {@code kubectl scale}, and the pool's Events in {@code kubectl describe}. The API server
 * evaluates the columns' JSONPaths, so a column pointing at a field the operator does not write shows an empty cell.
 */
@WithOperator
class KubectlIT {

  private static final String POOL = "gpu";

  @Operated
  private OperatorWorld world;
  @Operated
  private String ns;
  private Path kubeconfig;

  @BeforeEach
  void writeKubeconfig(@TempDir Path dir) {
    kubeconfig = world.cluster().server().writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @Test
  void getShowsEveryDocumentedColumnOfAPoolItsRunnersAndItsJob() throws Exception {
    String busy = poolWithABusyAndAnIdleRunner();

    Map<String, List<Map<String, String>>> tables = tables(kubectl("get", "runnerpools,runners,workflowjobs"));

    assertThat(tables.get("runnerpool")).singleElement().satisfies(row -> {
      assertThat(row.keySet()).containsExactly("NAME", "ORG/REPO", "LABELS", "MAX", "RUNNERS", "IDLE", "BUSY",
          "PENDING", "READY", "AGE");
      assertFilled(row);
      assertThat(row).containsEntry("ORG/REPO", "acme").containsEntry("LABELS", "[\"gpu\"]")
          .containsEntry("MAX", "5").containsEntry("RUNNERS", "2").containsEntry("IDLE", "1")
          .containsEntry("BUSY", "1").containsEntry("PENDING", "0").containsEntry("READY", "True");
    });
    assertThat(tables.get("runner")).hasSize(2).allSatisfy(row -> {
      assertThat(row.keySet()).containsExactly("NAME", "POOL", "PHASE", "INSTANCE", "TYPE", "CAPACITY", "ZONE", "JOB",
          "AGE");
      assertThat(row).containsEntry("POOL", POOL);
      assertThat(row.get("INSTANCE")).startsWith("i-");
      if (row.get("NAME").endsWith("/" + busy)) {
        assertFilled(row);
        assertThat(row).containsEntry("PHASE", "Busy").containsEntry("JOB", "1");
      } else {
        // An idle runner has no job, the one column the docs do not promise for it: the server leaves the cell of
        // a JSONPath that finds nothing empty.
        assertFilled(without(row, "JOB"));
        assertThat(row).containsEntry("PHASE", "Idle").containsEntry("JOB", "");
      }
    });
    assertThat(tables.get("workflowjob")).singleElement().satisfies(row -> {
      assertThat(row.keySet()).containsExactly("NAME", "REPO", "LABELS", "STATE", "PHASE", "POOL", "RUNNER", "WAITED",
          "AGE");
      assertFilled(row);
      assertThat(row).containsEntry("REPO", "acme/app").containsEntry("STATE", "in_progress")
          .containsEntry("PHASE", "Running")
          .containsEntry("POOL", POOL).containsEntry("RUNNER", busy).containsEntry("WAITED", "45s");
    });
  }

  @Test
  void scaleSetsTheFloorThePoolKeepsAndDescribeShowsItsEvents() throws Exception {
    poolWithABusyAndAnIdleRunner();

    assertThat(kubectl("scale", "rpool", POOL, "--replicas=4")).contains("scaled");

    assertThat(world.pool(ns, POOL).getSpec().getReplicas()).isEqualTo(4);
    await().untilAsserted(() -> assertThat(world.runners(ns, POOL)).hasSize(4)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isIn("Idle", "Busy")));
    // Long past idleTimeout: without the floor an idle runner above the idle target would go once GitHub has been
    // listed after the clock moved. A job queued after that listing shows up as pending only through a reconcile
    // that planned from it.
    Instant later = world.clock().instant().plus(Duration.ofMinutes(10));
    world.clock().set(later);
    await().until(() -> world.runtime().observations().snapshot().scopes().values().stream()
        .allMatch(scope -> !scope.listedAt().isBefore(later)));
    world.client().resource(queuedJob(ns, 2, later)).create();
    await().until(() -> world.pool(ns, POOL).getStatus().getPendingJobs(), pending -> pending == 1);
    assertThat(world.runners(ns, POOL)).hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(r -> assertThat(r.getMetadata().getDeletionTimestamp()).isNull());

    String described = kubectl("describe", "rpool", POOL);
    assertThat(described).contains("\nEvents:");
    String events = described.substring(described.indexOf("\nEvents:"));
    assertThat(world.events(ns, "ScaledUp")).isNotEmpty()
        .allSatisfy(e -> assertThat(events).contains("ScaledUp").contains(e.getMessage()));
  }

  /** A pool serving one job on one runner, with a second runner idle (minIdle 1); returns the busy runner's name. */
  private String poolWithABusyAndAnIdleRunner() {
    RunnerPool pool = pool(ns, POOL, 5);
    pool.getSpec().getScaling().setMinIdle(1);
    world.createPool(pool);
    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, POOL)).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    String busy = world.runners(ns, POOL).get(0).getMetadata().getName();
    world.gitHub().setBusy(busy, true);
    world.updateJob(ns, "job-1", j -> {
      j.getSpec().withState("in_progress").withRunnerName(busy)
          .withStartedAt(OperatorWorld.START.plusSeconds(45).toString());
      return j;
    });
    await().untilAsserted(() -> {
      Runner runner = world.client().resources(Runner.class).inNamespace(ns).withName(busy).get();
      assertThat(runner.getStatus().getJob().getJobId()).isEqualTo(1L);
      assertThat(world.job(ns, "job-1").getStatus().getWaited()).isNotNull();
      await().untilAsserted(() -> assertThat(world.pool(ns, POOL).getStatus())
          .satisfies(st -> assertThat(st.getBusy()).isEqualTo(1))
          .satisfies(st -> assertThat(st.getIdle()).isEqualTo(1)));
    });
    return busy;
  }

  /** Runs the real kubectl in the test's namespace; fails unless it exits 0. Returns its standard output. */
  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(world.cluster().server().kubectl().toString(),
        "--kubeconfig", kubeconfig.toString(), "--namespace", ns));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
    assertThat(process.exitValue()).as("kubectl %s: %s", command, err).isZero();
    return out;
  }

  /**
   * The tables of {@code kubectl get} for several kinds, by kind: one map per row from column header to cell.
   * kubectl aligns cells under their left-aligned headers, so each header's position bounds its cells.
   */
  private static Map<String, List<Map<String, String>>> tables(String output) {
    Map<String, List<Map<String, String>>> tables = new LinkedHashMap<>();
    for (String block : output.strip().split("\\n\\s*\\n")) {
      String[] lines = block.split("\\n");
      List<String> headers = List.of(lines[0].trim().split("\\s+"));
      List<Integer> starts = new ArrayList<>();
      for (String header : headers) {
        starts.add(lines[0].indexOf(header, starts.isEmpty() ? 0 : starts.get(starts.size() - 1) + 1));
      }
      List<Map<String, String>> rows = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < headers.size(); c++) {
          int from = Math.min(starts.get(c), lines[i].length());
          int to = c + 1 < headers.size() ? Math.min(starts.get(c + 1), lines[i].length()) : lines[i].length();
          row.put(headers.get(c), lines[i].substring(from, to).trim());
        }
        rows.add(row);
      }
      // Rows are named kind.group/name, e.g. runnerpool.ec2runner.dev/gpu.
      String kind = rows.get(0).get("NAME").substring(0, rows.get(0).get("NAME").indexOf('.'));
      tables.put(kind, rows);
    }
    return tables;
  }

  private static void assertFilled(Map<String, String> row) {
    assertThat(row).allSatisfy((column, cell) -> assertThat(cell).as(column).isNotBlank().isNotEqualTo("<none>"));
  }

  private static Map<String, String> without(Map<String, String> row, String column) {
    Map<String, String> rest = new LinkedHashMap<>(row);
    rest.remove(column);
    return rest;
  }
}
