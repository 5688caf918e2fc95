package dev.ec2runner.api.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope.Level;
import org.junit.jupiter.api.Test;

class NamespaceScopesTest {

  private static final PoolScope ACME = new PoolScope(Level.ORGANIZATION, "acme");
  private static final PoolScope ACME_WEB = new PoolScope(Level.REPOSITORY, "acme/web");
  private static final PoolScope OTHER_WEB = new PoolScope(Level.REPOSITORY, "other/web");
  private static final PoolScope BIG = new PoolScope(Level.ENTERPRISE, "big");

  @Test
  void withoutAPolicyEveryNamespaceServesEveryScope() {
    NamespaceScopes scopes = NamespaceScopes.parse(" ");

    assertThat(scopes.unrestrictedScopes()).isTrue();
    assertThat(scopes.allows("anything", ACME)).isTrue();
    assertThat(scopes.refusal("anything", BIG)).isEmpty();
  }

  @Test
  void anOrganizationEntryAdmitsTheOrganizationAndItsRepositories() {
    NamespaceScopes scopes = NamespaceScopes.parse("ci=ACME");

    assertThat(scopes.allows("ci", ACME)).isTrue();
    assertThat(scopes.allows("ci", ACME_WEB)).isTrue();
    assertThat(scopes.allows("ci", OTHER_WEB)).isFalse();
    assertThat(scopes.allows("ci", new PoolScope(Level.REPOSITORY, "acme-evil/web"))).isFalse();
    assertThat(scopes.allows("ci", new PoolScope(Level.ENTERPRISE, "acme"))).isFalse();
  }

  @Test
  void aRepositoryEntryAdmitsOnlyThatRepository() {
    NamespaceScopes scopes = NamespaceScopes.parse("team-web=acme/web, acme/docs");

    assertThat(scopes.allows("team-web", ACME_WEB)).isTrue();
    assertThat(scopes.allows("team-web", new PoolScope(Level.REPOSITORY, "acme/docs"))).isTrue();
    assertThat(scopes.allows("team-web", ACME)).isFalse();
    assertThat(scopes.refusal("team-web", ACME)).get().asString()
        .contains("namespace team-web may serve only acme/web, acme/docs").contains("organization acme");
  }

  @Test
  void unlistedNamespacesServeNothingOnceAPolicyExists() {
    NamespaceScopes scopes = NamespaceScopes.parse("ci=acme;platform=enterprise:big");

    assertThat(scopes.allows("platform", BIG)).isTrue();
    assertThat(scopes.allows("platform", ACME)).isFalse();
    assertThat(scopes.allows("sandbox", ACME)).isFalse();
    assertThat(scopes.refusal("sandbox", ACME)).get().asString()
        .contains("allows no scope for namespace sandbox").contains("ALLOWED_SCOPES");
  }

  @Test
  void unreadableEntriesAreNamed() {
    assertThatThrownBy(() -> NamespaceScopes.parse("ci"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ci' has no '='");
    assertThatThrownBy(() -> NamespaceScopes.parse("Team_A=acme"))
        .hasMessageContaining("'Team_A', which is not a namespace name");
    assertThatThrownBy(() -> NamespaceScopes.parse("ci=acme/web/extra"))
        .hasMessageContaining("entry 'acme/web/extra' is not an organization");
    assertThatThrownBy(() -> NamespaceScopes.parse("ci=https://github.com/acme"))
        .hasMessageContaining("is not an organization");
  }
}
