package dev.ec2runner.operator.bootstrap;

import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The pool settings the bootstrap script needs, all of them plain values the renderer quotes.
 *
 * @param installation the operator installation launching the instance (its runner configuration's SSM path)
 * @param mirror where to fetch the runner from instead of GitHub; empty for GitHub
 * @param dockerAccess install Docker and put the runner user in the docker group (root-equivalent); off unless the
 *     pool asks for it
 * @param preJobScript empty for none
 * @param postJobScript empty for none
 */
public record BootstrapSettings(String installation, String namespace, String pool, RunnerDownload download,
    Optional<RunnerMirrorLocation> mirror, boolean dockerAccess, String preJobScript, String postJobScript,
    Duration jitConfigWait,
    Duration jitConfigPoll) {

  /** How long an instance waits for its runner configuration before giving up and powering off. */
  public static final Duration DEFAULT_JIT_CONFIG_WAIT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_JIT_CONFIG_POLL = Duration.ofSeconds(3);

  public BootstrapSettings {
    Objects.requireNonNull(installation, "installation");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(download, "download");
    Objects.requireNonNull(mirror, "mirror");
    preJobScript = preJobScript == null ? "" : preJobScript;
    postJobScript = postJobScript == null ? "" : postJobScript;
    if (jitConfigWait.isNegative() || jitConfigWait.isZero() || jitConfigPoll.isNegative() || jitConfigPoll.isZero()) {
      throw new IllegalArgumentException("JIT configuration wait and poll interval must be positive");
    }
  }

  /** The settings of a pool's instances, with the archive its runner version resolves to. */
  public static BootstrapSettings forPool(String installation, String namespace, String pool, RunnerPoolSpec spec,
      RunnerDownload download) {
    RunnerSettings runner = spec.getRunner() == null ? new RunnerSettings() : spec.getRunner();
    RunnerDistribution distribution = runner.getDistribution();
    Optional<RunnerMirrorLocation> mirror = Optional.empty();
    if (distribution != null && "s3".equals(distribution.getSource()) && distribution.getS3() != null) {
      mirror = Optional.of(RunnerMirrorLocation.of(distribution.getS3(), spec.getEc2().getRegion(),
          download.filename()));
    }
    return new BootstrapSettings(installation, namespace, pool, download, mirror,
        Boolean.TRUE.equals(runner.getDockerAccess()), runner.getPreJobScript(),
        runner.getPostJobScript(), DEFAULT_JIT_CONFIG_WAIT, DEFAULT_JIT_CONFIG_POLL);
  }
}
