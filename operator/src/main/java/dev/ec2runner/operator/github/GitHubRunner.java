package dev.ec2runner.operator.github;

import java.util.List;

/** A self-hosted runner registration as GitHub lists it. */
public record GitHubRunner(long id, String name, boolean online, boolean busy, List<String> labels) {

  public GitHubRunner {
    labels = List.copyOf(labels);
  }
}
