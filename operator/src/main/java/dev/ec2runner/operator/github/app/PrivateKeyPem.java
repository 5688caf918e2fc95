package dev.ec2runner.operator.github.app;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a GitHub App's PEM private key. GitHub issues PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), which the JDK cannot
 * read, so it is wrapped into PKCS#8 here; PKCS#8 ({@code BEGIN PRIVATE KEY}) is accepted as is. Errors say what is
 * wrong with the key, never any part of it.
 */
final class PrivateKeyPem {

  private static final String PKCS1 = "RSA PRIVATE KEY";
  private static final String PKCS8 = "PRIVATE KEY";
  /** AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private PrivateKeyPem() {
  }

  static RSAPrivateKey parse(Sensitive pem) throws GitHubException.Unauthorized {
    // Keys pasted into environment variables or YAML often carry literal "\n" instead of line breaks.
    String text = pem.reveal().replace("\\n", "\n").strip();
    String type = pemType(text);
    byte[] der = body(text, type);
    byte[] pkcs8 = PKCS1.equals(type) ? wrapPkcs1(der) : der;
    try {
      return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw invalid("the " + (PKCS1.equals(type) ? "PKCS#1" : "PKCS#8") + " data is not a valid RSA private key");
    }
  }

  private static String pemType(String text) throws GitHubException.Unauthorized {
    if (text.startsWith("-----BEGIN " + PKCS1 + "-----")) {
      return PKCS1;
    }
    if (text.startsWith("-----BEGIN " + PKCS8 + "-----")) {
      return PKCS8;
    }
    if (text.startsWith("-----BEGIN ")) {
      throw invalid("it is a PEM block of another type; expected 'BEGIN RSA PRIVATE KEY' (as GitHub issues it) "
          + "or 'BEGIN PRIVATE KEY'");
    }
    throw invalid("it is not PEM text; expected the .pem file GitHub generated for the App, starting with "
        + "'-----BEGIN RSA PRIVATE KEY-----'");
  }

  private static byte[] body(String text, String type) throws GitHubException.Unauthorized {
    String end = "-----END " + type + "-----";
    int endAt = text.indexOf(end);
    if (endAt < 0) {
      throw invalid("the PEM block has no '" + end + "' line (truncated?)");
    }
    String base64 = text.substring(("-----BEGIN " + type + "-----").length(), endAt).replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      if (der.length == 0) {
        throw invalid("the PEM block is empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw invalid("the PEM body is not valid base64");
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING (the PKCS#1 key) }. */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(new byte[] {0x02, 0x01, 0x00});
    content.writeBytes(RSA_ALGORITHM);
    content.write(0x04);
    content.writeBytes(derLength(pkcs1.length));
    content.writeBytes(pkcs1);
    ByteArrayOutputStream sequence = new ByteArrayOutputStream();
    sequence.write(0x30);
    sequence.writeBytes(derLength(content.size()));
    sequence.writeBytes(content.toByteArray());
    return sequence.toByteArray();
  }

  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
    byte[] encoded = new byte[bytes + 1];
    encoded[0] = (byte) (0x80 | bytes);
    for (int i = bytes; i > 0; i--) {
      encoded[i] = (byte) (length & 0xff);
      length >>>= 8;
    }
    return encoded;
  }

  private static GitHubException.Unauthorized invalid(String why) {
    return new GitHubException.Unauthorized(0, "the GitHub App private key (Secret key 'privateKey') is unusable: "
        + why);
  }
}
