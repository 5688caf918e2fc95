package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong values fail at `helm install` time with Helm's own error, naming what to fix. */
class ValuesSchemaTest {

  @TempDir
  Path workDir;

  @Test
  void aMisspelledKeyIsRejected() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("operator.replicaCont", 3).renderYaml())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicaCont");
  }

  @Test
  void aMisspelledKeyDeepInTheTreeIsRejected() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("receiver.ingress.tls.secret", "x").renderYaml())
        .hasMessageContaining("secret")
        .hasMessageContaining("schema");
  }

  @Test
  void anUnknownTopLevelKeyIsRejected() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("watchNamespace", "team-a").renderYaml())
        .hasMessageContaining("watchNamespace");
  }

  @Test
  void aWrongTypeIsRejected() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("operator.replicaCount", "two").renderYaml())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replicaCount")
        .hasMessageContaining("integer");
  }

  @Test
  void aStringWhereABooleanBelongsIsRejected() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("receiver.ingress.enabled", "yes").renderYaml())
        .hasMessageContaining("enabled")
        .hasMessageContaining("boolean");
  }

  @Test
  void aPrivilegedPortIsRejected() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("receiver.port", 443).renderYaml())
        .hasMessageContaining("port");
  }

  @Test
  void awsCredentialsInValuesAreRefused() throws IOException {
    Path values = write("operator:\n  env:\n    - name: AWS_SECRET_ACCESS_KEY\n      value: x\n");

    assertThatThrownBy(() -> ChartRenderer.chart().valuesFile(values).renderYaml())
        .hasMessageContaining("env");
  }

  @Test
  void aPrivateKeyThatIsNotPemIsRejected() throws IOException {
    Path values = write("githubApp:\n  appId: 1\n  installationId: 2\n  privateKey: not-a-key\n");

    assertThatThrownBy(() -> ChartRenderer.chart().valuesFile(values).renderYaml())
        .hasMessageContaining("privateKey");
  }

  @Test
  void theIngressNeedsAHost() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("receiver.ingress.enabled", true).renderYaml())
        .hasMessageContaining("receiver.ingress.host is required");
  }

  @Test
  void aWatchedNamespaceThatIsNotAValidNameIsRejected() throws IOException {
    Path values = write("watchNamespaces:\n  - Team_A\n");

    assertThatThrownBy(() -> ChartRenderer.chart().valuesFile(values).renderYaml())
        .hasMessageContaining("watchNamespaces.0")
        .hasMessageContaining("pattern");
  }

  @Test
  void anAllowedGitHubApiHostIsAHostNameNotAUrl() throws IOException {
    Path values = write("operator:\n  gitHubApiHosts:\n    - https://github.example.com/api/v3\n");

    assertThatThrownBy(() -> ChartRenderer.chart().valuesFile(values).renderYaml())
        .hasMessageContaining("gitHubApiHosts.0")
        .hasMessageContaining("pattern");
  }

  @Test
  void appCredentialsMustBeComplete() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("githubApp.appId", 1).renderYaml())
        .hasMessageContaining("must be set together");
  }

  @Test
  void anExistingAppSecretExcludesInlineCredentials() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("githubApp.existingSecret", "app")
        .set("githubApp.appId", 1).renderYaml())
        .hasMessageContaining("either githubApp.existingSecret");
  }

  @Test
  void severalOperatorReplicasNeedLeaderElection() {
    assertThatThrownBy(() -> ChartRenderer.chart().set("operator.leaderElection", false).renderYaml())
        .hasMessageContaining("operator.leaderElection must stay true");
    assertThatCode(() -> ChartRenderer.chart().set("operator.leaderElection", false)
        .set("operator.replicaCount", 1).renderYaml()).doesNotThrowAnyException();
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(workDir, "values", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
