package dev.ec2runner.operator.github.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import org.junit.jupiter.api.Test;

class PrivateKeyPemTest {

  private static final KeyPair KEYS = TestKeys.generate();

  @Test
  void readsPkcs1AsGitHubIssuesIt() throws Exception {
    var key = PrivateKeyPem.parse(Sensitive.of(TestKeys.pkcs1Pem(KEYS)));

    assertThat(key.getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
    assertThat(((RSAPrivateCrtKey) key).getPrivateExponent())
        .isEqualTo(((RSAPrivateCrtKey) KEYS.getPrivate()).getPrivateExponent());
  }

  @Test
  void readsPkcs8() throws Exception {
    assertThat(PrivateKeyPem.parse(Sensitive.of(TestKeys.pkcs8Pem(KEYS))).getEncoded())
        .isEqualTo(KEYS.getPrivate().getEncoded());
  }

  @Test
  void acceptsLiteralBackslashNewlinesFromEnvironmentVariables() throws Exception {
    String flattened = TestKeys.pkcs1Pem(KEYS).replace("\n", "\\n");

    assertThat(PrivateKeyPem.parse(Sensitive.of(flattened)).getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
  }

  @Test
  void wrapsLongAndShortDerLengths() {
    byte[] small = PrivateKeyPem.wrapPkcs1(new byte[] {1, 2, 3});
    assertThat(small).startsWith(0x30, 0x17, 0x02, 0x01, 0x00);
    byte[] large = PrivateKeyPem.wrapPkcs1(new byte[300]);
    assertThat(large).startsWith(0x30, 0x82, 0x01, 0x42);
  }

  @Test
  void rejectsGarbageWithoutEchoingIt() {
    String pem = TestKeys.pkcs1Pem(KEYS);
    String corrupted = pem.substring(0, 80) + "!!!" + pem.substring(83);

    assertThatThrownBy(() -> PrivateKeyPem.parse(Sensitive.of(corrupted)))
        .isInstanceOf(GitHubException.Unauthorized.class)
        .hasMessageContaining("privateKey")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.substring(40, 70)));
  }

  @Test
  void explainsEachKindOfWrongInput() {
    assertThatThrownBy(() -> PrivateKeyPem.parse(Sensitive.of("ghp_notakeyatall")))
        .hasMessageContaining("not PEM text").hasMessageNotContaining("ghp_");
    assertThatThrownBy(() -> PrivateKeyPem.parse(Sensitive.of("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC "
        + "KEY-----"))).hasMessageContaining("another type");
    assertThatThrownBy(() -> PrivateKeyPem.parse(Sensitive.of(TestKeys.pkcs1Pem(KEYS).substring(0, 200))))
        .hasMessageContaining("truncated");
    String wrongContent = "-----BEGIN RSA PRIVATE KEY-----\nAAECAwQF\n-----END RSA PRIVATE KEY-----";
    assertThatThrownBy(() -> PrivateKeyPem.parse(Sensitive.of(wrongContent)))
        .isInstanceOf(GitHubException.Unauthorized.class).hasMessageContaining("not a valid RSA private key");
  }
}
