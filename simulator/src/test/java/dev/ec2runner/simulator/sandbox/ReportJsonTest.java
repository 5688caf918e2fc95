package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneRunIsTheReportItselfWithTheContractsFieldNames() throws Exception {
    JsonNode json = JSON.readTree(ReportJson.render(List.of(Reports.report("operator", 12, 50, 3, 0.25)), null));

    assertThat(json.path("jobs").path("generated").asInt()).isEqualTo(12);
    assertThat(json.path("jobs").path("served").asInt()).isEqualTo(12);
    assertThat(json.path("jobs").path("failed").asInt()).isZero();
    assertThat(json.path("waitSeconds").path("p95").asDouble()).isEqualTo(50);
    assertThat(json.path("waitSeconds").has("p50")).isTrue();
    assertThat(json.path("waitSeconds").has("max")).isTrue();
    assertThat(json.path("instanceMinutes").asDouble()).isEqualTo(12);
    assertThat(json.path("idleInstanceMinutes").asDouble()).isEqualTo(3);
    assertThat(json.path("spotShare").asDouble()).isEqualTo(1.0);
    assertThat(json.path("estimatedCost").asDouble()).isEqualTo(0.25);
    assertThat(json.path("pools").get(0).path("name").asText()).isEqualTo("org-linux");
    assertThat(json.path("pools").get(0).path("peakRunners").asInt()).isEqualTo(7);
    assertThat(json.path("pools").get(0).path("maxRunners").asInt()).isEqualTo(20);
    assertThat(json.path("leaks").path("instances").isInt()).isTrue();
    assertThat(json.path("leaks").path("registrations").isInt()).isTrue();
    assertThat(json.path("leaks").path("ssmParameters").isInt()).isTrue();
    assertThat(json.path("apiCalls").path("ec2").path("CreateFleet").asLong()).isEqualTo(12);
    assertThat(json.has("healthy")).isFalse();
  }

  @Test
  void aComparisonHoldsBothReportsAndTheRatios() throws Exception {
    var operator = Reports.report("operator", 10, 40, 1, 0.5);
    var baseline = Reports.report("baseline", 10, 80, 4, 1.0);
    JsonNode json = JSON.readTree(ReportJson.render(List.of(operator, baseline), Comparison.of(operator, baseline)));

    assertThat(json.path("operator").path("strategy").asText()).isEqualTo("operator");
    assertThat(json.path("baseline").path("waitSeconds").path("p95").asDouble()).isEqualTo(80);
    assertThat(json.path("comparison").path("jobWaitP95Seconds").path("ratio").asDouble()).isEqualTo(0.5);
    assertThat(json.path("comparison").path("costPerJob").path("ratio").asDouble()).isEqualTo(0.5);
  }
}
