package dev.ec2runner.operator.github;

import dev.ec2runner.operator.Sensitive;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A GitHub App's credentials from the pool's Secret (keys {@code appId}, {@code installationId}, {@code privateKey},
 * and for enterprise pools {@code enterpriseToken}).
 *
 * @param privateKey the PEM key (PKCS#1 or PKCS#8), never shown
 * @param enterpriseToken a personal access token with {@code manage_runners:enterprise}, or null: GitHub does not let
 *     Apps manage enterprise-level runners, so enterprise pools need one
 */
public record AppCredentials(long appId, long installationId, Sensitive privateKey, Sensitive enterpriseToken) {

  public static final String APP_ID = "appId";
  public static final String INSTALLATION_ID = "installationId";
  public static final String PRIVATE_KEY = "privateKey";
  public static final String ENTERPRISE_TOKEN = "enterpriseToken";

  public AppCredentials(long appId, long installationId, Sensitive privateKey) {
    this(appId, installationId, privateKey, null);
  }

  /**
   * Reads and checks the Secret's keys.
   *
   * @throws InvalidAppCredentialsException naming every missing or malformed key (never a value)
   */
  public static AppCredentials fromSecret(Secret secret) throws InvalidAppCredentialsException {
    String name = secret.getMetadata().getName();
    List<String> problems = new ArrayList<>();
    String appId = value(secret, APP_ID);
    String installationId = value(secret, INSTALLATION_ID);
    String key = value(secret, PRIVATE_KEY);
    Long app = number(APP_ID, appId, problems);
    Long installation = number(INSTALLATION_ID, installationId, problems);
    if (key == null || key.isBlank()) {
      problems.add("key " + PRIVATE_KEY + " is missing");
    } else if (!key.contains("-----BEGIN") || !key.contains("PRIVATE KEY-----")) {
      problems.add("key " + PRIVATE_KEY + " is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or "
          + "-----BEGIN PRIVATE KEY-----)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidAppCredentialsException("Secret " + name + ": " + String.join("; ", problems));
    }
    String enterpriseToken = value(secret, ENTERPRISE_TOKEN);
    return new AppCredentials(app, installation, Sensitive.of(key.trim()),
        enterpriseToken == null || enterpriseToken.isBlank() ? null : Sensitive.of(enterpriseToken.strip()));
  }

  private static Long number(String key, String text, List<String> problems) {
    if (text == null || text.isBlank()) {
      problems.add("key " + key + " is missing");
      return null;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, without the value: it may be a misplaced secret
    }
    problems.add("key " + key + " is not a positive number");
    return null;
  }

  private static String value(Secret secret, String key) {
    Map<String, String> stringData = secret.getStringData();
    if (stringData != null && stringData.get(key) != null) {
      return stringData.get(key);
    }
    Map<String, String> data = secret.getData();
    if (data == null || data.get(key) == null) {
      return null;
    }
    try {
      return new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
