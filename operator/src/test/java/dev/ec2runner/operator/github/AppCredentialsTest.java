package dev.ec2runner.operator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.testsupport.TestResources;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppCredentialsTest {

  @Test
  void readsBase64DataAsKubernetesStoresIt() throws Exception {
    Secret secret = secret(Map.of("appId", b64("12345"), "installationId", b64(" 67890\n"),
        "privateKey", b64(TestResources.TEST_KEY)));

    AppCredentials credentials = AppCredentials.fromSecret(secret);

    assertThat(credentials.appId()).isEqualTo(12345);
    assertThat(credentials.installationId()).isEqualTo(67890);
    assertThat(credentials.privateKey().reveal()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(credentials.toString()).doesNotContain("BEGIN").contains("<redacted>");
  }

  @Test
  void namesEveryBadKeyAndNoValue() {
    Secret secret = secret(Map.of("appId", b64("-4"), "privateKey", b64("ghp_notakey")));

    assertThatThrownBy(() -> AppCredentials.fromSecret(secret))
        .isInstanceOf(InvalidAppCredentialsException.class)
        .hasMessage("Secret github-app: key appId is not a positive number; key installationId is missing; "
            + "key privateKey is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or "
            + "-----BEGIN PRIVATE KEY-----)")
        .message().doesNotContain("ghp_notakey").doesNotContain("-4");
  }

  private static Secret secret(Map<String, String> data) {
    return new SecretBuilder().withNewMetadata().withName("github-app").endMetadata().withData(data).build();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
