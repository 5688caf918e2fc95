package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  // GitHub's documented test vector ("Validating webhook deliveries").
  private static final String SECRET = "It's a Secret to Everybody";
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private static final String EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void reproducesGitHubsTestVector() {
    assertThat(WebhookSignature.sign(SECRET, BODY)).isEqualTo(EXPECTED);
    assertThat(new WebhookSignature(List.of(SECRET)).verify(EXPECTED, BODY)).isTrue();
  }

  @Test
  void acceptsAnyOfSeveralSecretsDuringRotation() {
    var signature = new WebhookSignature(List.of("new-secret", SECRET));
    assertThat(signature.verify(EXPECTED, BODY)).isTrue();
  }

  @Test
  void rejectsWrongSecretTamperedBodyAndMalformedHeaders() {
    var signature = new WebhookSignature(List.of("another secret"));
    assertThat(signature.verify(EXPECTED, BODY)).isFalse();
    var right = new WebhookSignature(List.of(SECRET));
    assertThat(right.verify(EXPECTED, "Hello, World?".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(right.verify(null, BODY)).isFalse();
    assertThat(right.verify("sha1=757107ea", BODY)).isFalse();
    assertThat(right.verify("sha256=not-hex", BODY)).isFalse();
    assertThat(right.verify("sha256=", BODY)).isFalse();
  }

  @Test
  void refusesToStartWithoutASecret() {
    assertThatThrownBy(() -> new WebhookSignature(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSignature(List.of(""))).isInstanceOf(IllegalArgumentException.class);
  }
}
