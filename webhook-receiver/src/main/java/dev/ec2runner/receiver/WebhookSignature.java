package dev.ec2runner.receiver;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=HEX(HMAC-SHA256(secret, raw body))}.
 * Verification accepts any of several secrets (rotation) and compares in constant time.
 */
public final class WebhookSignature {

  public static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private final List<byte[]> secrets;

  public WebhookSignature(List<String> secrets) {
    if (secrets.isEmpty() || secrets.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("at least one non-empty webhook secret is required");
    }
    this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** The header value GitHub would send for this body, signed with the given secret. */
  public static String sign(String secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /** Whether the header is a valid signature of the body under any configured secret. */
  public boolean verify(String header, byte[] body) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    boolean valid = false;
    for (byte[] secret : secrets) {
      // No early exit: every secret is tried, so timing does not reveal which one matched.
      valid |= MessageDigest.isEqual(hmac(secret, body), presented);
    }
    return valid;
  }

  private static byte[] hmac(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
