package dev.ec2runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.ec2runner.api.testsupport.CrdSchemaValidator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every printer column resolves to a value on a fully populated object, so kubectl never shows a dead column. */
class PrinterColumnsTest {

  @ParameterizedTest
  @CsvSource({
      "runnerpools, runnerpool-full.yaml, Org/Repo Labels Max Runners Idle Busy Pending Ready Age",
      "runners, runner-full.yaml, Pool Phase Instance Type Capacity Zone Job Age",
      "workflowjobs, workflowjob-full.yaml, Repo Labels State Pool Runner Waited Age"})
  void everyColumnResolvesOnAPopulatedObject(String plural, String fixture, String expectedColumns)
      throws IOException {
    String yaml = Files.readString(Path.of("src/test/resources/fixtures", fixture));
    assertThat(CrdSchemaValidator.forPlural(plural).validateYaml(yaml)).as("fixture must be valid").isEmpty();
    String json = Serialization.asJson(Serialization.unmarshal(yaml, Object.class));

    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(Path.of("manifests", plural + ".ec2runner.dev-v1.yml")), CustomResourceDefinition.class);
    List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();

    assertThat(columns).extracting(CustomResourceColumnDefinition::getName)
        .as("columns in the order kubectl shows them")
        .containsExactly(expectedColumns.split(" "));
    for (CustomResourceColumnDefinition column : columns) {
      assertThat(resolve(json, column.getJsonPath()))
          .as("column %s (%s) resolves to nothing on %s", column.getName(), column.getJsonPath(), fixture)
          .isNotNull()
          .isNotEqualTo("")
          .satisfies(v -> assertThat(!(v instanceof Collection<?> c) || !c.isEmpty()).isTrue());
    }
  }

  private static Object resolve(String json, String kubectlPath) {
    try {
      Object value = JsonPath.read(json, "$" + kubectlPath);
      // A filter expression yields a list of matches; kubectl prints the first.
      if (value instanceof List<?> list && kubectlPath.contains("[?(")) {
        return list.isEmpty() ? null : list.get(0);
      }
      return value;
    } catch (PathNotFoundException e) {
      return null;
    }
  }
}
