package dev.ec2runner.operator;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which installation of the operator this is, so several (staging and production clusters, two teams) can share one
 * AWS account, region and GitHub organization: it is tagged on every instance, volume and launch template, names
 * the launch templates and the SSM path of runner configurations, and is a label of every GitHub runner registered;
 * listing and garbage collection only ever consider their own installation's. It ends up in tag values, SSM paths,
 * launch-template names and runner labels, hence short and plain.
 */
public record InstallationId(String value) {

  // Before DEFAULT: static fields initialise in order.
  private static final Pattern SAFE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?");
  /** The identity of an operator started without one (as before installations had identities). */
  public static final InstallationId DEFAULT = new InstallationId("default");

  public InstallationId {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException("an installation id is 1 to 24 lower-case letters, digits and inner '-'"
          + " (it becomes part of tags, SSM paths and launch-template names), got '" + value + "'");
    }
  }

  /** The GitHub runner label every runner of this installation registers with. */
  public String runnerLabel() {
    return "ec2runner-installation-" + value;
  }

  /** Whether a GitHub runner with these labels was registered by this installation (labels ignore case). */
  public boolean labelsOf(List<String> labels) {
    return labels.stream().anyMatch(runnerLabel()::equalsIgnoreCase);
  }

  @Override
  public String toString() {
    return value;
  }
}
