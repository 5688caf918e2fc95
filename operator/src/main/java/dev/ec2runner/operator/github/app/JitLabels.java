package dev.ec2runner.operator.github.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The labels a JIT runner registers with. Unlike {@code config.sh}, generate-jitconfig adds no default labels: the
 * list is the runner's whole label set, so {@code self-hosted} is added when missing (GitHub also requires at
 * least one label).
 */
final class JitLabels {

  static final String SELF_HOSTED = "self-hosted";

  private JitLabels() {
  }

  static List<String> of(List<String> requested) {
    List<String> labels = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    if (requested.stream().noneMatch(SELF_HOSTED::equalsIgnoreCase)) {
      labels.add(SELF_HOSTED);
      seen.add(SELF_HOSTED);
    }
    for (String label : requested) {
      if (seen.add(label.toLowerCase(Locale.ROOT))) {
        labels.add(label);
      }
    }
    return labels;
  }
}
