package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.testkit.kube.Crds;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's command line, run in-process: exit codes, messages and the JSON report; runs against an existing
 * cluster (the test JVM's API server) with {@code --kubeconfig}.
 */
class SandboxMainIT {

  private static final String SCENARIO = """
      name: tiny
      duration: 1m
      bootTime: 20s
      seed: 8
      pools:
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: tiny, namespace: ci}
          spec:
            github: {organization: acme, labels: [docker], appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                  capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 3}
      workload:
        - repository: acme/app
          labels: [self-hosted, docker]
          bursts: [{at: 5s, jobs: 4}]
          JOB_DURATION: {median: 30s, p95: 45s}
      prices:
        m7i.large: {spot: 0.04, on-demand: 0.10}
      """;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aMissingScenarioFileExitsWithTwoAndSaysWhich() {
    int code = run("--scenario", dir.resolve("missing.yaml").toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).isEqualTo("ec2-runner-sandbox: scenario file " + dir.resolve("missing.yaml")
        + " not found\n");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void aScenarioWithATypoExitsWithTwoNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("typo.yaml"), SCENARIO.replace("JOB_DURATION", "jobDuraton"));

    int code = run("--scenario", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("ec2-runner-sandbox: " + file + ": scenario workload[0].jobDuraton: unknown key")
        .hasLineCount(1);
  }

  @Test
  void badFlagsExitWithTwoAndTheUsage() {
    assertThat(run("--speed", "-3")).isEqualTo(2);
    assertThat(run("--fast")).isEqualTo(2);
    assertThat(run("--kubeconfig", dir.resolve("nowhere").toString())).isEqualTo(2);
    assertThat(stderr().lines()).hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("ec2-runner-sandbox: "))
        .anySatisfy(line -> assertThat(line).contains("--speed must be a number above 0"))
        .anySatisfy(line -> assertThat(line).contains("unknown flag --fast; usage:"))
        .anySatisfy(line -> assertThat(line).isEqualTo("ec2-runner-sandbox: kubeconfig " + dir.resolve("nowhere")
            + " not found"));
    assertThat(run("--help")).isZero();
    assertThat(stdout()).startsWith(SandboxArguments.USAGE);
  }

  @Test
  void aHealthyRunOnAnExistingClusterExitsWithZeroWritesTheReportJsonAndLeavesNothingBehind() throws Exception {
    Path file = Files.writeString(dir.resolve("tiny.yaml"), SCENARIO.replace("JOB_DURATION", "jobDuration"));
    Path json = dir.resolve("out/report.json");
    Path kubeconfig = KubeApiServer.shared().writeKubeconfig(dir.resolve("cluster/kubeconfig"));

    int code = run("--scenario", file.toString(), "--report-json", json.toString(), "--speed", "20",
        "--kubeconfig", kubeconfig.toString());

    assertThat(code).as(stdout() + stderr()).isZero();
    String namespace = sandboxNamespace();
    assertThat(stdout()).contains("kubectl --kubeconfig " + kubeconfig + " get runnerpools,runners,workflowjobs -n "
        + namespace).contains("== tiny (operator)").contains("result    OK").contains("report: " + json);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.path("scenario").asText()).isEqualTo("tiny");
    assertThat(report.path("jobs").path("generated").asInt()).isEqualTo(4);
    assertThat(report.path("jobs").path("served").asInt()).isEqualTo(4);
    assertThat(report.path("jobs").path("failed").asInt()).isZero();
    for (String field : new String[] {"p50", "p95", "max"}) {
      assertThat(report.path("waitSeconds").path(field).asDouble()).isGreaterThanOrEqualTo(20);
    }
    assertThat(report.path("instanceMinutes").asDouble()).isPositive();
    assertThat(report.path("idleInstanceMinutes").isNumber()).isTrue();
    assertThat(report.path("spotShare").asDouble()).isEqualTo(1.0);
    assertThat(report.path("estimatedCost").asDouble()).isPositive();
    assertThat(report.path("pools").get(0).path("name").asText()).isEqualTo("tiny");
    assertThat(report.path("pools").get(0).path("peakRunners").asInt()).isBetween(1, 3);
    assertThat(report.path("pools").get(0).path("maxRunners").asInt()).isEqualTo(3);
    assertThat(report.path("leaks").path("instances").asInt()).isZero();
    assertThat(report.path("leaks").path("registrations").asInt()).isZero();
    assertThat(report.path("leaks").path("ssmParameters").asInt()).isZero();
    assertThat(report.path("apiCalls").path("ec2").path("CreateFleet").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(report.path("apiCalls").path("github")
        .path("POST /orgs/{org}/actions/runners/generate-jitconfig").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(report.path("apiCalls").path("ssm").path("PutParameter").asLong()).isGreaterThanOrEqualTo(4);
    assertLeftNothingIn(namespace);
    for (String plural : Crds.PLURALS) {
      CustomResourceDefinition crd = client().apiextensions().v1().customResourceDefinitions()
          .withName(plural + "." + Crds.GROUP).get();
      assertThat(crd.getMetadata().getManagedFields()).as(plural + ": applied by the sandbox")
          .anySatisfy(field -> assertThat(field.getManager() + " " + field.getOperation())
              .isEqualTo(SandboxCluster.FIELD_MANAGER + " Apply"));
    }
  }

  @Test
  void aPoolTheServerRefusesIsABadScenarioReportedWithTheServersMessage() throws Exception {
    String withoutSubnets = SCENARIO.replace("JOB_DURATION", "jobDuration")
        .replace(", subnets: [{id: subnet-0123456789abcdef0}]", "");
    assertThat(withoutSubnets).doesNotContain("subnets");
    Path file = Files.writeString(dir.resolve("no-subnets.yaml"), withoutSubnets);
    Path kubeconfig = KubeApiServer.shared().writeKubeconfig(dir.resolve("cluster/kubeconfig"));

    int code = run("--scenario", file.toString(), "--kubeconfig", kubeconfig.toString());

    assertThat(code).as(stdout() + stderr()).isEqualTo(2);
    assertThat(stderr()).isEqualTo("ec2-runner-sandbox: scenario pools[0] (tiny): RunnerPool.ec2runner.dev \"tiny\""
        + " is invalid: spec.ec2.subnets: Required value\n");
    assertThat(stdout()).doesNotContain("result");
    assertLeftNothingIn(sandboxNamespace());
  }

  /**
   * The sandbox's objects are gone (the operator removed its finalizers) and the namespace is being deleted: a bare
   * API server has no namespace controller to finish that.
   */
  private static void assertLeftNothingIn(String namespace) {
    assertThat(client().resources(RunnerPool.class).inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client().resources(Runner.class).inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client().resources(WorkflowJob.class).inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client().secrets().inNamespace(namespace).list().getItems()).isEmpty();
    Namespace left = client().namespaces().withName(namespace).get();
    assertThat(left == null || left.getMetadata().getDeletionTimestamp() != null).as(namespace + " deleted")
        .isTrue();
  }

  private static KubernetesClient client() {
    return KubeApiServer.shared().adminClient();
  }

  /** The namespace the sandbox said it would use. */
  private String sandboxNamespace() {
    Matcher matcher = Pattern.compile("in namespace (ec2runner-sandbox-[a-z0-9]+) ").matcher(stdout());
    assertThat(matcher.find()).as(stdout()).isTrue();
    return matcher.group(1);
  }

  private int run(String... args) {
    return new SandboxMain(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args, false);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
