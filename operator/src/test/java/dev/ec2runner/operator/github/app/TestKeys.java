package dev.ec2runner.operator.github.app;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA keys generated for tests, as PEM in both formats a GitHub App key comes in. Never a real key. */
public final class TestKeys {

  private TestKeys() {
  }

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code BEGIN PRIVATE KEY}: what the JDK encodes. */
  public static String pkcs8Pem(KeyPair keys) {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  /** {@code BEGIN RSA PRIVATE KEY}: the format GitHub hands out, cut from the PKCS#8 structure. */
  public static String pkcs1Pem(KeyPair keys) {
    return pem("RSA PRIVATE KEY", pkcs1(keys.getPrivate().getEncoded()));
  }

  /** The OCTET STRING inside PrivateKeyInfo ::= SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING }. */
  static byte[] pkcs1(byte[] pkcs8) {
    int[] at = {0};
    expect(pkcs8, at, 0x30);
    length(pkcs8, at);
    expect(pkcs8, at, 0x02);
    skip(pkcs8, at);
    expect(pkcs8, at, 0x30);
    skip(pkcs8, at);
    expect(pkcs8, at, 0x04);
    int size = length(pkcs8, at);
    return Arrays.copyOfRange(pkcs8, at[0], at[0] + size);
  }

  private static void skip(byte[] der, int[] at) {
    int size = length(der, at);
    at[0] += size;
  }

  private static void expect(byte[] der, int[] at, int tag) {
    if ((der[at[0]] & 0xff) != tag) {
      throw new IllegalArgumentException("unexpected DER tag at " + at[0]);
    }
    at[0]++;
  }

  private static int length(byte[] der, int[] at) {
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
