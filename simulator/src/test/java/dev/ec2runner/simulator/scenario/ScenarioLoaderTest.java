package dev.ec2runner.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.simulator.scenario.Scenario.Strategy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

  private static final Path EXAMPLES = Path.of("..", "examples", "pools");

  private static final String VALID = """
      name: demo
      duration: 10m
      bootTime: 30s
      pools:
        - path: organization-pool.yaml
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: inline, namespace: ci}
          spec:
            github: {organization: my-org, labels: [gpu], appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [g5.xlarge],
                  subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 2}
      workload:
        - repository: my-org/app
          labels: [self-hosted, docker]
          arrivalsPerMinute: 4
          bursts: [{at: 2m, jobs: 30}]
          jobDuration: {median: 2m, p95: 8m}
      prices:
        m7i.large: {spot: 0.04, on-demand: 0.1}
      faults:
        spotInterruptionsPerHour: 0.5
        insufficientCapacity: [{instanceType: m7i.large, capacityType: spot, from: 1m, to: 3m}]
        webhookDropRate: 0.1
      strategy: compare
      """;

  @Test
  void loadsPoolsInlineAndByPathWithTheirSettings() throws IOException {
    Scenario s = ScenarioLoader.parse(VALID, EXAMPLES, "x");
    assertThat(s.name()).isEqualTo("demo");
    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.pools()).extracting(p -> p.getMetadata().getName()).containsExactly("org-linux", "inline");
    assertThat(s.workload()).singleElement().satisfies(w -> {
      assertThat(w.bursts()).singleElement().satisfies(b -> assertThat(b.jobs()).isEqualTo(30));
      assertThat(w.p95Duration()).isEqualTo(Duration.ofMinutes(8));
    });
    assertThat(s.prices().get("m7i.large")).containsEntry("on-demand", 0.1);
    assertThat(s.faults().insufficientCapacity()).singleElement()
        .satisfies(o -> assertThat(o.to()).isEqualTo(Duration.ofMinutes(3)));
    assertThat(s.faults().webhookDropRate()).isEqualTo(0.1);
    assertThat(s.strategy()).isEqualTo(Strategy.COMPARE);
    assertThat(s.drainTimeout()).isPositive();
  }

  @Test
  void errorsNameThePathAndTheFix() {
    assertThatThrownBy(() -> ScenarioLoader.parse(VALID.replace("median: 2m", "median: two"), EXAMPLES, "x"))
        .hasMessageContaining("workload[0].jobDuration.median").hasMessageContaining("45s");
    assertThatThrownBy(() -> ScenarioLoader.parse(VALID.replace("webhookDropRate: 0.1", "webhookDropRate: 3"),
        EXAMPLES, "x")).hasMessageContaining("faults.webhookDropRate").hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> ScenarioLoader.parse(VALID.replace("bootTime:", "bootTme:"), EXAMPLES, "x"))
        .hasMessageContaining("bootTme").hasMessageContaining("unknown key");
    assertThatThrownBy(() -> ScenarioLoader.parse(VALID.replace("organization-pool.yaml", "missing.yaml"),
        EXAMPLES, "x")).hasMessageContaining("missing.yaml not found");
    assertThatThrownBy(() -> ScenarioLoader.parse(VALID.replace("strategy: compare", "strategy: yolo"),
        EXAMPLES, "x")).hasMessageContaining("operator, baseline or compare");
  }
}
