package dev.ec2runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.testsupport.StrictModel;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs committed under crds/manifests are exactly what the build generates from the Java types. */
class CommittedCrdsTest {

  private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
  private static final Path COMMITTED = Path.of("manifests");
  private static final String REFRESH = "mvn -pl crds,helm process-test-classes -Prefresh-crds";

  static Stream<String> crdFiles() {
    return Stream.of("runnerpools", "runners", "workflowjobs").map(p -> p + ".ec2runner.dev-v1.yml");
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void committedCopyEqualsGenerated(String file) throws IOException {
    Path generated = GENERATED.resolve(file);
    Path committed = COMMITTED.resolve(file);
    assertThat(generated).as("generated CRD (run the build first)").exists();
    assertThat(committed).as("committed CRD %s is missing; run: %s", committed, REFRESH).exists();
    assertThat(Files.readString(committed))
        .as("crds/manifests/%s differs from what the Java types generate; run: %s", file, REFRESH)
        .isEqualTo(Files.readString(generated));
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void committedCopyIsAStrictApiextensionsV1Crd(String file) throws IOException {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED.resolve(file)),
        CustomResourceDefinition.class);
    assertThat(crd.getApiVersion()).isEqualTo("apiextensions.k8s.io/v1");
    assertThat(crd.getSpec().getGroup()).isEqualTo("ec2runner.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getVersions()).singleElement()
        .satisfies(v -> {
          assertThat(v.getName()).isEqualTo("v1alpha1");
          assertThat(v.getSubresources().getStatus()).isNotNull();
        });
    List<String> unknown = StrictModel.unknownFields(crd);
    // The schema's own vendor extensions are modelled too; anything else is a field fabric8 does not know.
    assertThat(unknown).as("fields unknown to apiextensions.k8s.io/v1").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void everyFieldIsDocumented(String file) throws IOException {
    var crd = Serialization.unmarshal(Files.readString(COMMITTED.resolve(file)), CustomResourceDefinition.class);
    var spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(undocumented(spec, "spec")).as("spec fields without a description").isEmpty();
  }

  private static List<String> undocumented(io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps schema,
      String path) {
    var missing = new java.util.ArrayList<String>();
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> {
        if (child.getDescription() == null || child.getDescription().isBlank()) {
          missing.add(path + "." + name);
        }
        missing.addAll(undocumented(child, path + "." + name));
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      missing.addAll(undocumented(schema.getItems().getSchema(), path + "[]"));
    }
    return missing;
  }
}
