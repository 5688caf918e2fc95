package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart ships exactly the CRDs the build generates (crds/manifests/ holds the committed copies). */
class ChartCrdsTest {

  /** Refreshes crds/manifests/ from the generated CRDs and copies them into the chart, in one reactor run. */
  static final String REFRESH = "mvn -pl crds,helm process-test-classes -Prefresh-crds";

  @Test
  void chartCrdsAreByteForByteTheCommittedManifests() throws IOException {
    Map<String, String> committed = yamlFiles(RepositoryPaths.resolve("crds/manifests"));
    Map<String, String> inChart = yamlFiles(RepositoryPaths.chart().resolve("crds"));

    assertThat(committed).as("crds/manifests/ holds no CRDs; run %s", REFRESH).isNotEmpty();
    assertThat(inChart.keySet())
        .as("the chart's crds/ lists other files than crds/manifests/; run %s (and delete stale files)", REFRESH)
        .isEqualTo(committed.keySet());
    committed.forEach((name, content) -> assertThat(inChart.get(name))
        .as("helm/ec2-runner-operator/crds/%s differs from crds/manifests/%s; run %s", name, name, REFRESH)
        .isEqualTo(content));
  }

  @Test
  void chartCrdsAreTheThreeResourcesOfTheApiGroup() throws IOException {
    Map<String, String> inChart = yamlFiles(RepositoryPaths.chart().resolve("crds"));

    List<CustomResourceDefinition> crds = inChart.values().stream()
        .flatMap(yaml -> StrictManifestParser.documents(yaml).stream())
        .map(StrictManifestParser::toModel)
        .map(CustomResourceDefinition.class::cast)
        .collect(Collectors.toList());

    assertThat(crds).extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder("runnerpools.ec2runner.dev", "runners.ec2runner.dev", "workflowjobs.ec2runner.dev");
    assertThat(crds).allSatisfy(crd -> {
      assertThat(crd.getSpec().getGroup()).isEqualTo("ec2runner.dev");
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getVersions()).extracting(v -> v.getName()).containsExactly("v1alpha1");
    });
  }

  private static Map<String, String> yamlFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      Map<String, String> contents = new TreeMap<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .collect(Collectors.toList())) {
        contents.put(file.getFileName().toString(), Files.readString(file));
      }
      return contents;
    }
  }
}
