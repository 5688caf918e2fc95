package dev.ec2runner.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaults() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());

    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.httpPort()).isEqualTo(8081);
    assertThat(config.observeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.completedJobTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(config.stillQueuedCheckAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.webhookRecoveryInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.maxWorkflowJobsPerNamespace()).isEqualTo(5000);
    assertThat(config.gitHubApiHosts()).containsExactly("api.github.com");
    assertThat(config.allowedScopes().unrestrictedScopes()).isTrue();
  }

  @Test
  void readsTheAllowedScopesAndNamesAnUnreadableEntry() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("ALLOWED_SCOPES", "ci=acme;web=acme/web"));
    assertThat(config.allowedScopes().allows("web", new PoolScope(PoolScope.Level.REPOSITORY, "acme/web"))).isTrue();
    assertThat(config.allowedScopes().allows("web", new PoolScope(PoolScope.Level.ORGANIZATION, "acme"))).isFalse();
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("ALLOWED_SCOPES", "ci=acme/web/x")))
        .hasMessageContaining("ALLOWED_SCOPES entry 'acme/web/x'");
  }

  @Test
  void readsTheAllowedGitHubApiHostsAndRejectsUrls() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("GITHUB_API_HOSTS", " api.github.com, GitHub.Example.com "))
        .gitHubApiHosts()).containsExactlyInAnyOrder("api.github.com", "github.example.com");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("GITHUB_API_HOSTS",
        "https://github.example.com/api/v3")))
        .hasMessageContaining("GITHUB_API_HOSTS takes host names");
  }

  @Test
  void readsTheInstallationIdAndRejectsOneThatCannotBeATagOrPath() {
    assertThat(OperatorConfig.fromEnvironment(Map.of()).installation()).isEqualTo(InstallationId.DEFAULT);
    assertThat(OperatorConfig.fromEnvironment(Map.of("INSTALLATION_ID", " prod-eu ")).installation().value())
        .isEqualTo("prod-eu");
    for (String bad : List.of("Prod", "prod/eu", "-prod", "prod-", "a-very-long-installation-id")) {
      assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("INSTALLATION_ID", bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("INSTALLATION_ID: an installation id is 1 to 24 lower-case letters")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void readsTheWorkflowJobCapAndRejectsANegativeOne() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("MAX_WORKFLOW_JOBS_PER_NAMESPACE", "200"))
        .maxWorkflowJobsPerNamespace()).isEqualTo(200);
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("MAX_WORKFLOW_JOBS_PER_NAMESPACE", "-1")))
        .hasMessageContaining("MAX_WORKFLOW_JOBS_PER_NAMESPACE must be 0 (no cap) or more");
  }

  @Test
  void readsTheJobRecoverySettingsAndRejectsOnesThatWouldSpendTheRateLimit() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("STILL_QUEUED_CHECK_AFTER", "15m",
        "WEBHOOK_RECOVERY_INTERVAL", "1m"));
    assertThat(config.stillQueuedCheckAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.webhookRecoveryInterval()).isEqualTo(Duration.ofMinutes(1));

    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("STILL_QUEUED_CHECK_AFTER", "30s",
        "WEBHOOK_RECOVERY_INTERVAL", "5s")))
        .hasMessageContaining("STILL_QUEUED_CHECK_AFTER must be at least 1m")
        .hasMessageContaining("WEBHOOK_RECOVERY_INTERVAL must be at least 10s");
  }

  @Test
  void readsEveryVariable() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        "WATCH_NAMESPACES", " ci, build ,,", "LEADER_ELECTION", "TRUE", "POD_NAMESPACE", "ops",
        "HTTP_PORT", "9090", "OBSERVE_INTERVAL", "1m30s", "WORKFLOW_JOB_TTL", "2h"));

    assertThat(config.watchNamespaces()).isEqualTo(Set.of("ci", "build"));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.podNamespace()).isEqualTo("ops");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.observeInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.completedJobTtl()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("LEADER_ELECTION", "true", "HTTP_PORT", "70000",
        "OBSERVE_INTERVAL", "soon", "WORKFLOW_JOB_TTL", "1d")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POD_NAMESPACE must be set when LEADER_ELECTION is true")
        .hasMessageContaining("HTTP_PORT must be between 1 and 65535, got 70000")
        .hasMessageContaining("OBSERVE_INTERVAL: invalid duration 'soon'")
        .hasMessageContaining("WORKFLOW_JOB_TTL: invalid duration '1d'");
  }

  @Test
  void rejectsObservingMoreThanOncePerSecond() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("OBSERVE_INTERVAL", "200ms")))
        .hasMessageContaining("OBSERVE_INTERVAL must be at least 1s");
  }
}
