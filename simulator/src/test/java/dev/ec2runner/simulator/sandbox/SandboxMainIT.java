package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's command line: exit codes, messages and the JSON report, run in-process. */
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
    assertThat(stderr().lines()).hasSize(2)
        .allSatisfy(line -> assertThat(line).startsWith("ec2-runner-sandbox: "))
        .anySatisfy(line -> assertThat(line).contains("--speed must be a number above 0"))
        .anySatisfy(line -> assertThat(line).contains("unknown flag --fast; usage:"));
    assertThat(run("--help")).isZero();
    assertThat(stdout()).startsWith(SandboxArguments.USAGE);
  }

  @Test
  void aHealthyRunExitsWithZeroAndWritesTheReportJson() throws Exception {
    Path file = Files.writeString(dir.resolve("tiny.yaml"), SCENARIO.replace("JOB_DURATION", "jobDuration"));
    Path json = dir.resolve("out/report.json");
    Path kubeconfig = dir.resolve("kubeconfig");

    int code = run("--scenario", file.toString(), "--report-json", json.toString(), "--speed", "20",
        "--kubeconfig", kubeconfig.toString());

    assertThat(code).as(stdout() + stderr()).isZero();
    assertThat(stdout()).contains("kubectl --kubeconfig " + kubeconfig + " get runnerpools,runners,workflowjobs")
        .contains("== tiny (operator)").contains("result    OK").contains("report: " + json);
    assertThat(kubeconfig).exists();
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
