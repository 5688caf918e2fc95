package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Cells of the RunnerPool printer columns on the crds module's fully populated fixture. */
class ColumnCellsTest {

  private static final Clock TEN_MINUTES_LATER = Clock.fixed(Instant.parse("2026-11-28T08:10:00Z"), ZoneOffset.UTC);

  private final ColumnCells cells = new ColumnCells(TEN_MINUTES_LATER);

  @Test
  void integersStringsAndFilters() throws IOException {
    JsonNode pool = fixture("fixtures/runnerpool-full.yaml");

    assertThat(cells.cell(pool, ".spec.scaling.maxRunners", "integer").asLong()).isEqualTo(10);
    assertThat(cells.cell(pool, ".status.scope", "string").asText()).isEqualTo("my-org");
    assertThat(cells.cell(pool, ".status.conditions[?(@.type==\"Ready\")].status", "string").asText())
        .isEqualTo("True");
  }

  @Test
  void nonStringValuesInStringColumnsPrintAsJson() throws IOException {
    JsonNode pool = fixture("fixtures/runnerpool-full.yaml");

    assertThat(cells.cell(pool, ".spec.github.labels", "string").asText()).isEqualTo("[\"docker\",\"large\"]");
    assertThat(cells.cell(pool, ".status.runners", "string").asText()).isEqualTo("4");
  }

  @Test
  void datesBecomeAges() throws IOException {
    JsonNode pool = fixture("fixtures/runnerpool-full.yaml");

    assertThat(cells.cell(pool, ".metadata.creationTimestamp", "date").asText()).isEqualTo("10m");
    assertThat(cells.cell(pool, ".status.scope", "date").asText()).isEqualTo("<invalid>");
  }

  @Test
  void missingFieldsAndTypeMismatchesAreNull() throws IOException {
    JsonNode pool = fixture("fixtures/runnerpool-full.yaml");

    assertThat(cells.cell(pool, ".status.nothing", "string").isNull()).isTrue();
    assertThat(cells.cell(pool, ".status.conditions[?(@.type==\"Missing\")].status", "string").isNull()).isTrue();
    assertThat(cells.cell(pool, ".status.scope", "integer").isNull()).as("a string is no integer").isTrue();
    assertThat(cells.cell(pool, ".status.conditions[?(@.type==", "string").isNull()).as("an unreadable path")
        .isTrue();
  }

  @Test
  void runnerJobIdIsAnInteger() throws IOException {
    JsonNode runner = fixture("fixtures/runner-full.yaml");

    assertThat(cells.cell(runner, ".status.job.jobId", "integer").isIntegralNumber()).isTrue();
    assertThat(cells.cell(runner, ".status.job.jobId", "integer").asLong()).isEqualTo(200);
  }

  static JsonNode fixture(String resource) throws IOException {
    // The crds module's test jar carries the fixtures its printer-column test uses.
    try (InputStream in = ColumnCellsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test classpath (crds test jar)").isNotNull();
      return Serialization.unmarshal(in, JsonNode.class);
    }
  }
}
