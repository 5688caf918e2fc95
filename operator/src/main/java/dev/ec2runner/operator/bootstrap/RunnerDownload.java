package dev.ec2runner.operator.bootstrap;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One runner archive as GitHub's {@code runners/downloads} endpoint describes it.
 *
 * @param os {@code linux}, as GitHub names it
 * @param architecture {@code x64} or {@code arm64}
 * @param sha256 lowercase hex SHA-256 of the archive; instances refuse an archive that does not match
 */
public record RunnerDownload(String os, String architecture, String downloadUrl, String filename, String sha256) {

  private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
  private static final Pattern FILENAME = Pattern.compile("^[A-Za-z0-9._-]{1,200}$");

  public RunnerDownload {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(downloadUrl, "downloadUrl");
    if (!downloadUrl.startsWith("https://") && !downloadUrl.startsWith("http://")) {
      throw new IllegalArgumentException("runner download URL must be http(s): " + downloadUrl);
    }
    if (filename == null || !FILENAME.matcher(filename).matches()) {
      throw new IllegalArgumentException("runner archive file name must be a plain file name: " + filename);
    }
    if (sha256 == null || !SHA256.matcher(sha256.toLowerCase(java.util.Locale.ROOT)).matches()) {
      throw new IllegalArgumentException("runner archive SHA-256 must be 64 hex digits: " + sha256);
    }
    sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
  }
}
