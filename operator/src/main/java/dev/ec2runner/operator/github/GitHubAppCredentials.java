package dev.ec2runner.operator.github;

import dev.ec2runner.operator.Sensitive;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How to act as one installation of a GitHub App.
 *
 * @param apiUrl {@code https://api.github.com}, or {@code https://HOST/api/v3} for GitHub Enterprise Server
 * @param privateKey the App's PEM private key (PKCS#1 {@code BEGIN RSA PRIVATE KEY} as GitHub issues it, or PKCS#8)
 * @param enterpriseToken a personal access token with {@code manage_runners:enterprise}, or null: GitHub does not
 *     let Apps manage enterprise-level runners, so enterprise pools need it (Secret key {@code enterpriseToken})
 */
public record GitHubAppCredentials(URI apiUrl, long appId, long installationId, Sensitive privateKey,
    Sensitive enterpriseToken) {

  public static final URI PUBLIC_API = URI.create("https://api.github.com");
  public static final String APP_ID = "appId";
  public static final String INSTALLATION_ID = "installationId";
  public static final String PRIVATE_KEY = "privateKey";
  public static final String ENTERPRISE_TOKEN = "enterpriseToken";

  public GitHubAppCredentials {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(privateKey, "privateKey");
    String url = apiUrl.toString();
    apiUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  public GitHubAppCredentials(URI apiUrl, long appId, long installationId, Sensitive privateKey) {
    this(apiUrl, appId, installationId, privateKey, null);
  }

  /**
   * Reads a Secret's {@code data} (base64 values, as the Kubernetes API returns them).
   *
   * @param apiUrl the pool's {@code spec.github.apiUrl}, or null/blank for api.github.com
   * @throws IllegalArgumentException a key is missing or malformed; the message names the key, never a value
   */
  public static GitHubAppCredentials fromSecretData(Map<String, String> data, String apiUrl) {
    Map<String, String> values = data == null ? Map.of() : data;
    long appId = number(values, APP_ID);
    long installationId = number(values, INSTALLATION_ID);
    Sensitive key = Sensitive.of(decode(values, PRIVATE_KEY));
    Sensitive enterpriseToken = values.containsKey(ENTERPRISE_TOKEN)
        ? Sensitive.of(decode(values, ENTERPRISE_TOKEN).strip()) : null;
    URI api = apiUrl == null || apiUrl.isBlank() ? PUBLIC_API : URI.create(apiUrl.strip());
    return new GitHubAppCredentials(api, appId, installationId, key, enterpriseToken);
  }

  private static long number(Map<String, String> data, String key) {
    String text = decode(data, key).strip();
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the key's name
    }
    throw new IllegalArgumentException("Secret key '" + key + "' must be a positive number (the App's "
        + (APP_ID.equals(key) ? "App ID" : "installation ID") + " from its GitHub settings page)");
  }

  private static String decode(Map<String, String> data, String key) {
    String encoded = data.get(key);
    if (encoded == null || encoded.isBlank()) {
      throw new IllegalArgumentException("Secret is missing key '" + key + "' (required: " + APP_ID + ", "
          + INSTALLATION_ID + ", " + PRIVATE_KEY + ")");
    }
    try {
      return new String(Base64.getDecoder().decode(encoded.replaceAll("\\s", "")), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException("Secret key '" + key + "' is not base64-encoded data");
    }
  }
}
