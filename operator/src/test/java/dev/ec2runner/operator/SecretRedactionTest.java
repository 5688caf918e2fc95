package dev.ec2runner.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.InvalidAppCredentialsException;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.RegistrationToken;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every type that holds a secret prints without it, and reading a broken App Secret never echoes a value. */
class SecretRedactionTest {

  private static final String CANARY = "canary-9f8e7d-SECRET";
  private static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + CANARY + "\n-----END RSA PRIVATE KEY-----";

  @Test
  void typesHoldingSecretsNeverPrintThem() {
    Sensitive secret = Sensitive.of(CANARY);
    AppCredentials credentials = new AppCredentials(1, 2, Sensitive.of(KEY), Sensitive.of(CANARY + "-pat"));
    List<Object> holders = List.of(
        secret,
        new JitConfig(7, "gpu-abcde", secret),
        credentials,
        GitHubAppCredentials.of(credentials, "https://github.example.com/api/v3"),
        new GitHubAppCredentials(URI.create("https://api.github.com"), 1, 2, Sensitive.of(KEY)),
        new RegistrationToken(secret, Instant.EPOCH),
        Map.of("in a collection", List.of(secret)));
    for (Object holder : holders) {
      assertThat(holder.toString()).as(holder.getClass().getSimpleName()).doesNotContain(CANARY)
          .doesNotContain("BEGIN RSA");
      assertThat(String.valueOf(holder)).doesNotContain(CANARY);
    }
    assertThat(secret.toString()).isEqualTo("<redacted>");
    assertThat(secret.reveal()).isEqualTo(CANARY);
  }

  @Test
  void aBrokenAppSecretIsDescribedByItsKeysNotItsValues() {
    // Values in the wrong keys (a key pasted as the id, a token as the key) are exactly what must not be echoed.
    var stringData = new SecretBuilder().withNewMetadata().withName("github-app").endMetadata()
        .withStringData(Map.of("appId", CANARY, "installationId", "-1 " + CANARY, "privateKey", "ghp_" + CANARY))
        .build();
    var encoded = new SecretBuilder().withNewMetadata().withName("github-app").endMetadata()
        .withData(Map.of("appId", base64(KEY), "privateKey", base64(CANARY)))
        .build();
    for (var secret : List.of(stringData, encoded)) {
      assertThatThrownBy(() -> AppCredentials.fromSecret(secret))
          .isInstanceOf(InvalidAppCredentialsException.class)
          .hasMessageContaining("Secret github-app")
          .hasMessageContaining("appId")
          .hasMessageNotContaining(CANARY)
          .hasMessageNotContaining("ghp_");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
