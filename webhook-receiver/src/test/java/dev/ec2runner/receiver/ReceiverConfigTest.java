package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverConfigTest {

  @TempDir
  Path dir;

  @Test
  void defaultsTakeTheSecretFromTheEnvironmentAndThePodsNamespace() throws Exception {
    ReceiverConfig config = ReceiverConfig.parse(new String[0], Map.of("WEBHOOK_SECRET", "s3cret", "POD_NAMESPACE", "ci"));

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.secrets()).containsExactly("s3cret");
    assertThat(config.namespaces()).containsExactly("ci");
    assertThat(config.allNamespaces()).isFalse();
    assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void namespaceFallsBackToDefault() throws Exception {
    assertThat(ReceiverConfig.parse(new String[0], Map.of("WEBHOOK_SECRET", "x")).namespaces())
        .containsExactly("default");
  }

  @Test
  void readsFlagsInBothSpellings() throws Exception {
    ReceiverConfig config = ReceiverConfig.parse(new String[] {"--port", "9000", "--namespace=runners",
        "--max-body-bytes", "2048", "--host=127.0.0.1"}, Map.of("WEBHOOK_SECRET", "x", "POD_NAMESPACE", "ignored"));

    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.namespaces()).containsExactly("runners");
    assertThat(config.maxBodyBytes()).isEqualTo(2048);
    assertThat(config.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void allNamespacesLeavesTheNamespaceOpen() throws Exception {
    ReceiverConfig config = ReceiverConfig.parse(new String[] {"--all-namespaces"}, Map.of("WEBHOOK_SECRET", "x"));
    assertThat(config.allNamespaces()).isTrue();
    assertThat(config.namespaces()).isEmpty();
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--all-namespaces", "--namespace", "a"},
        Map.of("WEBHOOK_SECRET", "x"))).isInstanceOf(ConfigException.class).hasMessageContaining("exclude each other");
  }

  @Test
  void readsTheNamespacesTheOperatorWatches() throws Exception {
    ReceiverConfig config = ReceiverConfig.parse(new String[] {"--namespace=team-a,team-b", "--namespace", "team-c",
        "--namespace=team-a"}, Map.of("WEBHOOK_SECRET", "x", "POD_NAMESPACE", "ignored"));

    assertThat(config.namespaces()).containsExactly("team-a", "team-b", "team-c");
    assertThat(config.allNamespaces()).isFalse();
  }

  @Test
  void readsTheAllowedScopesFromTheOperatorsVariableOrTheFlag() throws Exception {
    ReceiverConfig fromEnv = ReceiverConfig.parse(new String[0], Map.of("WEBHOOK_SECRET", "x",
        "ALLOWED_SCOPES", "ci=acme"));
    ReceiverConfig fromFlag = ReceiverConfig.parse(new String[] {"--allowed-scopes=ci=acme/web"},
        Map.of("WEBHOOK_SECRET", "x", "ALLOWED_SCOPES", "ci=acme"));

    PoolScope acme = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
    assertThat(fromEnv.allowedScopes().allows("ci", acme)).isTrue();
    assertThat(fromFlag.allowedScopes().allows("ci", acme)).isFalse();
    assertThat(ReceiverConfig.parse(new String[0], Map.of("WEBHOOK_SECRET", "x")).allowedScopes().unrestrictedScopes())
        .isTrue();
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--allowed-scopes", "acme"}, Map.of("WEBHOOK_SECRET",
        "x"))).isInstanceOf(ConfigException.class).hasMessageContaining("'acme' has no '='");
  }

  @Test
  void aSecretFileHoldsOneSecretPerLineForRotation() throws Exception {
    Path file = dir.resolve("secrets");
    Files.writeString(file, "new-secret\n\n  old-secret  \r\n");

    ReceiverConfig config = ReceiverConfig.parse(new String[] {"--secret-file", file.toString()}, Map.of());

    assertThat(config.secrets()).containsExactly("new-secret", "old-secret");
  }

  @Test
  void refusesToStartWithoutASecret() {
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[0], Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no webhook secret configured: set WEBHOOK_SECRET or pass --secret-file FILE");
    Path empty = dir.resolve("empty");
    assertThatThrownBy(() -> {
      Files.writeString(empty, "\n \n");
      ReceiverConfig.parse(new String[] {"--secret-file", empty.toString()}, Map.of());
    }).isInstanceOf(ConfigException.class).hasMessageContaining("holds no secret");
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--secret-file", dir.resolve("missing").toString()}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read --secret-file");
  }

  @Test
  void rejectsUnknownFlagsAndBadNumbers() {
    Map<String, String> env = Map.of("WEBHOOK_SECRET", "x");
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--prot", "1"}, env)).hasMessageStartingWith("unknown flag --prot");
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--port", "eighty"}, env)).hasMessage("--port must be a number");
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--port", "70000"}, env)).hasMessage("--port must be between 0 and 65535");
    assertThatThrownBy(() -> ReceiverConfig.parse(new String[] {"--port"}, env)).hasMessageStartingWith("--port needs a value");
  }

  @Test
  void neverPrintsTheSecrets() throws Exception {
    ReceiverConfig config = ReceiverConfig.parse(new String[0], Map.of("WEBHOOK_SECRET", "hunter2"));
    assertThat(config.toString()).doesNotContain("hunter2").contains("secrets=1");
    assertThat(List.of(config).toString()).doesNotContain("hunter2");
  }
}
