package dev.ec2runner.operator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubAppCredentialsTest {

  private static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nsecret-material\n-----END RSA PRIVATE KEY-----";

  @Test
  void readsBase64SecretData() {
    var credentials = GitHubAppCredentials.fromSecretData(data("123", "456", KEY), null);

    assertThat(credentials.apiUrl()).isEqualTo(URI.create("https://api.github.com"));
    assertThat(credentials.appId()).isEqualTo(123);
    assertThat(credentials.installationId()).isEqualTo(456);
    assertThat(credentials.privateKey().reveal()).isEqualTo(KEY);
    assertThat(credentials.enterpriseToken()).isNull();
    assertThat(credentials.toString()).doesNotContain("secret-material");
  }

  @Test
  void normalisesEnterpriseServerUrlAndReadsEnterpriseToken() {
    Map<String, String> data = data("1", "2", KEY);
    data.put("enterpriseToken", b64("ghp_abc\n"));

    var credentials = GitHubAppCredentials.fromSecretData(data, "https://ghe.example.com/api/v3/");

    assertThat(credentials.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
    assertThat(credentials.enterpriseToken().reveal()).isEqualTo("ghp_abc");
  }

  @Test
  void namesTheMissingOrMalformedKeyButNeverAValue() {
    Map<String, String> missing = data("1", "2", KEY);
    missing.remove("privateKey");
    assertThatThrownBy(() -> GitHubAppCredentials.fromSecretData(missing, null))
        .hasMessageContaining("missing key 'privateKey'");
    assertThatThrownBy(() -> GitHubAppCredentials.fromSecretData(data("my-app", "2", KEY), null))
        .hasMessageContaining("'appId' must be a positive number").hasMessageNotContaining("my-app");
    Map<String, String> notBase64 = data("1", "2", KEY);
    notBase64.put("installationId", "%%%");
    assertThatThrownBy(() -> GitHubAppCredentials.fromSecretData(notBase64, null))
        .hasMessageContaining("'installationId' is not base64");
  }

  private static Map<String, String> data(String appId, String installationId, String key) {
    Map<String, String> data = new HashMap<>();
    data.put("appId", b64(appId));
    data.put("installationId", b64(installationId));
    data.put("privateKey", b64(key));
    return data;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
