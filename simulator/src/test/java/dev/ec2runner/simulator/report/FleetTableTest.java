package dev.ec2runner.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTableTest {

  @Test
  void showsThePrinterColumnsOfPoolsAndRunners() throws IOException {
    RunnerPool pool = Serialization.unmarshal(fixture("runnerpool-full.yaml"), RunnerPool.class);
    Runner runner = Serialization.unmarshal(fixture("runner-full.yaml"), Runner.class);
    Runner fresh = Serialization.unmarshal(fixture("runner-full.yaml"), Runner.class);
    fresh.getMetadata().setName("full-zzzzz");
    fresh.setStatus(null);

    String table = FleetTable.render(List.of(pool), List.of(fresh, runner), 1);

    assertThat(table.lines().findFirst().orElseThrow()).contains("NAME", "ORG/REPO", "MAX", "READY");
    assertThat(table).contains("my-org").contains("[docker, large]").contains("True");
    assertThat(table).contains("full-abcde").contains("Busy").contains("i-0123456789abcdef0").contains("200");
    assertThat(table).doesNotContain("full-zzzzz").contains("and 1 more runners");
  }

  private static String fixture(String name) throws IOException {
    // The crds module's fully populated fixtures, also used by its printer-column test.
    return Files.readString(Path.of("..", "crds", "src", "test", "resources", "fixtures", name));
  }
}
