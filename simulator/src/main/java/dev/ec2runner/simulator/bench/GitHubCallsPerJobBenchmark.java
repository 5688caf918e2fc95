package dev.ec2runner.simulator.bench;

import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.sandbox.ApiWrites;
import dev.ec2runner.simulator.sandbox.RunResult;
import dev.ec2runner.simulator.sandbox.SandboxOptions;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Benchmark 3, GitHub calls and Kubernetes writes per served job: a steady workload of about 1,000 jobs (20 a
 * minute) on one organization pool, every call the operator makes to the simulated GitHub counted (tokens, listings
 * answered 304, failures and all), and every write the API server served (the operator's and the receiver's, as the
 * server counts them), each divided by the jobs served.
 *
 * <pre>java -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.GitHubCallsPerJobBenchmark
 *     [JOBS] [SPEED]</pre>
 */
public final class GitHubCallsPerJobBenchmark {

  private GitHubCallsPerJobBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double speed = args.length > 1 ? Double.parseDouble(args[1]) : 30;
    Scenario scenario = ScenarioLoader.parse("""
        name: github-calls-%d-jobs
        duration: %dm
        bootTime: 40s
        drainTimeout: 30m
        seed: 17
        pools:
          - apiVersion: ec2runner.dev/v1alpha1
            kind: RunnerPool
            metadata: {name: org-linux, namespace: ci-runners}
            spec:
              github: {organization: my-org, labels: [docker], appSecretRef: {name: github-app}}
              ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                    capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
              scaling: {maxRunners: 100}
        workload:
          - repository: my-org/api
            labels: [self-hosted, docker]
            arrivalsPerMinute: 20
            jobDuration: {median: 2m, p95: 5m}
        """.formatted(jobs, Math.max(1, Math.round(jobs / 20.0))), Path.of("."), "github-calls");
    List<SimulatedWorld> worlds = new CopyOnWriteArrayList<>();
    SandboxRun run = SandboxRun.of(scenario, SandboxOptions.atSpeed(speed).withStrategy(Scenario.Strategy.OPERATOR)
        .withInstrumentation(world -> {
          worlds.add(world);
          return world.cloudApi();
        }));
    RunResult result = run.run().runs().get(0);
    SandboxReport report = result.report();
    Map<String, Long> byEndpointAndStatus = new TreeMap<>();
    List<ApiCall> calls = worlds.get(0).github().calls().all();
    calls.forEach(call -> byEndpointAndStatus.merge(call.endpoint() + " -> " + call.status(), 1L, Long::sum));
    System.out.print(ReportText.render(report));
    System.out.println();
    byEndpointAndStatus.forEach((endpoint, count) -> System.out.printf(Locale.ROOT, "%8d  %s%n", count, endpoint));
    System.out.printf(Locale.ROOT, "%nGitHub calls %d, jobs served %d: %.3f calls per served job%n", calls.size(),
        report.jobs().served(), calls.size() / (double) Math.max(1, report.jobs().served()));
    printWrites(result.kubernetesWrites(), report.jobs().served());
    System.exit(0);
  }

  private static void printWrites(ApiWrites writes, int served) {
    System.out.println();
    if (writes.byVerbAndResource().isEmpty()) {
      System.out.println("Kubernetes writes: the API server's metrics could not be read");
      return;
    }
    writes.byVerbAndResource().forEach((write, count) -> System.out.printf(Locale.ROOT, "%8d  %-40s %6.2f per job%n",
        count, write, count / (double) Math.max(1, served)));
    System.out.printf(Locale.ROOT, "%nKubernetes writes of Runners, WorkflowJobs, RunnerPools and Events %d, jobs"
        + " served %d: %.2f writes per served job%n", writes.perJobResources(), served,
        writes.perJobResources() / (double) Math.max(1, served));
  }
}
