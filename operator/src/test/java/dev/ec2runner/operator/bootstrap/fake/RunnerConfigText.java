package dev.ec2runner.operator.bootstrap.fake;

import dev.ec2runner.api.matching.PoolScope;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an instance of the fake cloud finds in its SSM parameter: a JIT configuration (passed to
 * {@code run.sh --jitconfig}), or {@code config.sh} arguments with a registration token, as setups without JIT store
 * them.
 */
public sealed interface RunnerConfigText {

  /** An encoded JIT configuration; the runner it names is already registered. */
  record Jit(String encoded) implements RunnerConfigText {
  }

  /** {@code config.sh --url … --token … --name … --labels …}: the runner registers itself when it starts. */
  record Registration(PoolScope scope, String name, List<String> labels, boolean ephemeral)
      implements RunnerConfigText {

    public Registration {
      labels = List.copyOf(labels);
    }
  }

  /**
   * The {@code config.sh} arguments for a runner of the scope on github.com.
   *
   * @param token the registration token ({@code POST …/runners/registration-token})
   */
  static String registration(PoolScope scope, String token, String name, List<String> labels, boolean ephemeral) {
    String url = switch (scope.level()) {
      case ENTERPRISE -> "https://github.com/enterprises/" + scope.name();
      case ORGANIZATION, REPOSITORY -> "https://github.com/" + scope.name();
    };
    return "--url " + url + " --token " + token + " --name " + name + " --labels " + String.join(",", labels)
        + " --unattended" + (ephemeral ? " --ephemeral" : "");
  }

  /**
   * @throws IllegalArgumentException {@code config.sh} arguments without a usable {@code --url} or {@code --name}
   */
  static RunnerConfigText parse(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("--")) {
      return new Jit(trimmed);
    }
    List<String> words = Arrays.asList(trimmed.split("\\s+"));
    String url = value(words, "--url");
    String name = value(words, "--name");
    String labels = value(words, "--labels");
    if (url == null || name == null) {
      throw new IllegalArgumentException("config.sh arguments need --url and --name");
    }
    return new Registration(scopeOf(URI.create(url)), name,
        labels == null ? List.of() : List.of(labels.split(",")), words.contains("--ephemeral"));
  }

  private static String value(List<String> words, String flag) {
    int at = words.indexOf(flag);
    return at >= 0 && at + 1 < words.size() ? words.get(at + 1) : null;
  }

  private static PoolScope scopeOf(URI url) {
    List<String> segments = new ArrayList<>(Arrays.asList(url.getPath().replaceAll("^/+|/+$", "").split("/")));
    if (segments.size() == 2 && "enterprises".equals(segments.get(0))) {
      return new PoolScope(PoolScope.Level.ENTERPRISE, segments.get(1));
    }
    if (segments.size() == 1 && !segments.get(0).isEmpty()) {
      return new PoolScope(PoolScope.Level.ORGANIZATION, segments.get(0));
    }
    if (segments.size() == 2) {
      return new PoolScope(PoolScope.Level.REPOSITORY, segments.get(0) + "/" + segments.get(1));
    }
    throw new IllegalArgumentException("--url names no organization, repository or enterprise: " + url);
  }
}
