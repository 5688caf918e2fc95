package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The parser the chart tests rely on really rejects what a lenient fabric8 parse would keep. */
class StrictManifestParserTest {

  private static final String DEPLOYMENT = String.join("\n",
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: demo",
      "spec:",
      "  %s: 2",
      "  selector:",
      "    matchLabels: {app: demo}",
      "  template:",
      "    metadata:",
      "      labels: {app: demo}",
      "    spec:",
      "      containers:",
      "        - name: demo",
      "          image: demo:1",
      "          %s:",
      "            readOnlyRootFilesystem: true",
      "");

  @Test
  void parsesAWellFormedDeployment() {
    var parsed = StrictManifestParser.toModel(
        StrictManifestParser.documents(String.format(DEPLOYMENT, "replicas", "securityContext")).get(0));

    assertThat(parsed).isInstanceOf(Deployment.class);
    Deployment deployment = (Deployment) parsed;
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
        .getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void rejectsAMisspelledTopLevelSpecField() {
    var document = StrictManifestParser.documents(String.format(DEPLOYMENT, "replica", "securityContext")).get(0);

    assertThatThrownBy(() -> StrictManifestParser.toModel(document))
        .hasMessageContaining("Deployment demo")
        .hasMessageContaining("replica");
  }

  @Test
  void rejectsAMisspelledFieldDeepInThePodTemplate() {
    var document = StrictManifestParser.documents(String.format(DEPLOYMENT, "replicas", "securityContex")).get(0);

    assertThatThrownBy(() -> StrictManifestParser.toModel(document))
        .hasMessageContaining("securityContex");
  }

  @Test
  void rejectsAKindWithoutAModel() {
    var document = StrictManifestParser.documents("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
        .get(0);

    assertThatThrownBy(() -> StrictManifestParser.toModel(document))
        .hasMessageContaining("example.com/v1/Widget");
  }

  @Test
  void skipsEmptyDocumentsBetweenSeparators() {
    var documents = StrictManifestParser.documents("---\n# only a comment\n---\napiVersion: v1\nkind: Secret\n"
        + "metadata:\n  name: s\n---\n");

    assertThat(documents).hasSize(1);
  }
}
