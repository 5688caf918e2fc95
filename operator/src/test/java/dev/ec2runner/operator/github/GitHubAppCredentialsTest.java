package dev.ec2runner.operator.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.Sensitive;
import java.net.URI;
import org.junit.jupiter.api.Test;

class GitHubAppCredentialsTest {

  private static final Sensitive KEY =
      Sensitive.of("-----BEGIN RSA PRIVATE KEY-----\nsecret-material\n-----END RSA PRIVATE KEY-----");

  @Test
  void defaultsToThePublicApiAndNeverShowsTheKey() {
    var credentials = GitHubAppCredentials.of(new AppCredentials(123, 456, KEY), null);

    assertThat(credentials.apiUrl()).isEqualTo(URI.create("https://api.github.com"));
    assertThat(credentials.appId()).isEqualTo(123);
    assertThat(credentials.installationId()).isEqualTo(456);
    assertThat(credentials.enterpriseToken()).isNull();
    assertThat(credentials.toString()).doesNotContain("secret-material");
  }

  @Test
  void normalisesEnterpriseServerUrlAndKeepsTheEnterpriseToken() {
    var app = new AppCredentials(1, 2, KEY, Sensitive.of("ghp_abc"));

    var credentials = GitHubAppCredentials.of(app, "https://ghe.example.com/api/v3/");

    assertThat(credentials.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
    assertThat(credentials.enterpriseToken().reveal()).isEqualTo("ghp_abc");
    assertThat(credentials.toString()).doesNotContain("ghp_abc");
  }
}
