package dev.ec2runner.operator.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Renders the instance bootstrap script ({@code bootstrap/bootstrap.sh}) for a pool: the settings become
 * shell-quoted assignments in place of the script's settings marker, so no value can break out of its word.
 */
public final class UserDataRenderer {

  /** EC2's limit on user data, counted before base64 encoding. */
  public static final int MAX_USER_DATA_BYTES = 16 * 1024;

  static final String TEMPLATE_RESOURCE = "/bootstrap/bootstrap.sh";
  static final String SETTINGS_MARKER = "# @@SETTINGS@@";
  static final String INSTALLATION_SETTING = "EC2RUNNER_INSTALLATION";

  private final String template;

  public UserDataRenderer() {
    this.template = loadTemplate();
    if (!template.contains(SETTINGS_MARKER)) {
      throw new IllegalStateException("bootstrap script lacks its settings marker " + SETTINGS_MARKER);
    }
  }

  /** The script with the settings filled in. */
  public String renderScript(BootstrapSettings settings) {
    StringBuilder block = new StringBuilder("# Settings rendered by the operator; single quotes keep them literal.\n");
    assignments(settings).forEach((name, value) -> block.append("# shellcheck disable=SC2016\n")
        .append(assignment(name, value)).append('\n'));
    return template.replace(SETTINGS_MARKER + "\n", block.toString());
  }

  /**
   * The line of the rendered settings that names the installation: only user data this installation rendered
   * holds it, which is how an instance it launched is told from one merely tagged like it.
   */
  public static String installationLine(String installation) {
    return assignment(INSTALLATION_SETTING, installation) + "\n";
  }

  private static String assignment(String name, String value) {
    return name + '=' + ShellQuoting.quote(value);
  }

  /**
   * The user data as EC2 takes it (base64). Scripts above EC2's 16 KiB limit are gzipped, which cloud-init
   * unpacks.
   *
   * @throws IllegalArgumentException when even the compressed script exceeds the limit (very long job scripts)
   */
  public String renderUserDataBase64(BootstrapSettings settings) {
    byte[] script = renderScript(settings).getBytes(StandardCharsets.UTF_8);
    byte[] userData = script.length <= MAX_USER_DATA_BYTES ? script : gzip(script);
    if (userData.length > MAX_USER_DATA_BYTES) {
      throw new IllegalArgumentException("the bootstrap script with the pool's job scripts is " + userData.length
          + " bytes compressed, above EC2's user data limit of " + MAX_USER_DATA_BYTES
          + " bytes; shorten spec.runner.preJobScript/postJobScript");
    }
    return Base64.getEncoder().encodeToString(userData);
  }

  private static Map<String, String> assignments(BootstrapSettings settings) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(INSTALLATION_SETTING, settings.installation());
    values.put("EC2RUNNER_NAMESPACE", settings.namespace());
    values.put("EC2RUNNER_POOL", settings.pool());
    values.put("RUNNER_SOURCE", settings.mirror().isPresent() ? "s3" : "github");
    values.put("RUNNER_URL", settings.download().downloadUrl());
    values.put("RUNNER_FILENAME", settings.download().filename());
    values.put("RUNNER_SHA256", settings.download().sha256());
    values.put("RUNNER_S3_URI", settings.mirror().map(RunnerMirrorLocation::uri).orElse(""));
    values.put("RUNNER_S3_REGION", settings.mirror().map(RunnerMirrorLocation::region).orElse(""));
    values.put("DOCKER_ACCESS", Boolean.toString(settings.dockerAccess()));
    values.put("PRE_JOB_SCRIPT", settings.preJobScript());
    values.put("POST_JOB_SCRIPT", settings.postJobScript());
    values.put("JIT_CONFIG_WAIT_SECONDS", Long.toString(settings.jitConfigWait().toSeconds()));
    values.put("JIT_CONFIG_POLL_SECONDS", Long.toString(Math.max(1, settings.jitConfigPoll().toSeconds())));
    return values;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String loadTemplate() {
    try (InputStream in = UserDataRenderer.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bootstrap script " + TEMPLATE_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
