package dev.ec2runner.operator.github.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The runner archives of one release as GitHub's {@code runners/downloads} endpoints list them. The simulated world
 * has no archives, so each checksum is the SHA-256 of the archive's file name: stable, and distinct per archive.
 */
public final class RunnerApplications {

  public static final String DEFAULT_VERSION = "2.330.0";
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  private static final List<String[]> PLATFORMS = List.of(new String[] {"osx", "x64"}, new String[] {"osx", "arm64"},
      new String[] {"linux", "x64"}, new String[] {"linux", "arm"}, new String[] {"linux", "arm64"},
      new String[] {"win", "x64"}, new String[] {"win", "arm64"});

  private RunnerApplications() {
  }

  public static String requireVersion(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("runner version must be MAJOR.MINOR.PATCH, was " + version);
    }
    return version;
  }

  public static ArrayNode list(String version) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (String[] platform : PLATFORMS) {
      String filename = "actions-runner-" + platform[0] + "-" + platform[1] + "-" + version
          + ("win".equals(platform[0]) ? ".zip" : ".tar.gz");
      ObjectNode item = items.addObject();
      item.put("os", platform[0]);
      item.put("architecture", platform[1]);
      item.put("download_url", "https://github.com/actions/runner/releases/download/v" + version + "/" + filename);
      item.put("filename", filename);
      item.put("sha256_checksum", sha256(filename));
    }
    return items;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
