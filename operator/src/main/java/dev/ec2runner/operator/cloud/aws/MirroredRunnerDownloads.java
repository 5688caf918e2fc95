package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.InstanceArchitecture;
import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.cloud.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The runner archive a pool's instances install. A pool that installs from an S3 mirror gets what the mirror holds
 * (the newest archive for its OS and architecture, or its pinned version), not GitHub's latest: the mirror takes a
 * new release only at its next housekeeping pass, and an instance sent to a key nobody wrote yet would find nothing.
 * Other pools get GitHub's answer. Found archives are cached for a while; an empty mirror is asked again each time.
 */
final class MirroredRunnerDownloads implements RunnerDownloads {

  /** GitHub's archive names: {@code actions-runner-linux-x64-2.330.0.tar.gz}. */
  private static final Pattern VERSION = Pattern.compile("([0-9]+)\\.([0-9]+)\\.([0-9]+)\\.tar\\.gz");

  private record Wanted(RunnerMirrorLocation folder, String os, String architecture, String version) {
  }

  /** One archive in the mirror and its version. */
  private record Archive(String key, String version, int major, int minor, int patch) {

    static final Comparator<Archive> NEWEST_LAST = Comparator.comparingInt(Archive::major)
        .thenComparingInt(Archive::minor).thenComparingInt(Archive::patch);

    /** The archive a key holds when its name is {@code namePrefix} and a version; empty otherwise. */
    static Optional<Archive> of(String key, String namePrefix) {
      if (!key.startsWith(namePrefix)) {
        return Optional.empty();
      }
      Matcher matcher = VERSION.matcher(key.substring(namePrefix.length()));
      if (!matcher.matches()) {
        return Optional.empty();
      }
      return Optional.of(new Archive(key, matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3),
          Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
          Integer.parseInt(matcher.group(3))));
    }
  }

  private final AwsClientFactory clients;
  private final RunnerDownloads gitHub;
  private final TtlCache<Wanted, RunnerDownload> found;

  MirroredRunnerDownloads(AwsClientFactory clients, RunnerDownloads gitHub, Clock clock, Duration ttl) {
    this.clients = clients;
    this.gitHub = gitHub;
    this.found = new TtlCache<>(clock, ttl);
  }

  @Override
  public RunnerDownload find(String namespace, String pool, RunnerPoolSpec spec) throws CloudException {
    RunnerDistribution distribution = spec.getRunner() == null ? null : spec.getRunner().getDistribution();
    if (distribution == null || !"s3".equals(distribution.getSource()) || distribution.getS3() == null) {
      return gitHub.find(namespace, pool, spec);
    }
    String os = spec.getRunner().getOs() == null ? "linux" : spec.getRunner().getOs();
    String version = spec.getRunner().getVersion() == null ? "latest" : spec.getRunner().getVersion();
    Wanted wanted = new Wanted(RunnerMirrorLocation.of(distribution.getS3(), spec.getEc2().getRegion(), ""), os,
        InstanceArchitecture.ofPool(spec), version);
    return found.get(wanted, this::lookUp);
  }

  private RunnerDownload lookUp(Wanted wanted) throws CloudException {
    RunnerMirrorLocation folder = wanted.folder();
    String namePrefix = folder.key() + "actions-runner-" + wanted.os() + "-" + wanted.architecture() + "-";
    RegionClients region = clients.forRegion(folder.region());
    try {
      Optional<Archive> archive = region.s3().listObjectsV2Paginator(request -> request.bucket(folder.bucket())
              .prefix(namePrefix)).contents().stream()
          .flatMap(object -> Archive.of(object.key(), namePrefix).stream())
          .filter(a -> "latest".equals(wanted.version()) || a.version().equals(wanted.version()))
          .max(Archive.NEWEST_LAST);
      if (archive.isEmpty()) {
        throw new CloudException.RunnerMirrorEmpty("the S3 mirror " + folder.uri() + " holds no runner archive "
            + ("latest".equals(wanted.version()) ? "" : "of version " + wanted.version() + " ")
            + "for " + wanted.os() + "/" + wanted.architecture() + " yet; launches wait until the operator's next"
            + " housekeeping pass copies GitHub's there (if it does not, its log says why)");
      }
      String key = archive.get().key();
      String filename = key.substring(folder.key().length());
      Map<String, String> metadata = region.s3().headObject(request -> request.bucket(folder.bucket()).key(key))
          .metadata();
      String sha256 = metadata.get(RunnerBinaryMirror.SHA256_METADATA);
      if (sha256 == null) {
        throw new CloudException.RunnerMirrorEmpty("s3://" + folder.bucket() + "/" + key + " was not"
            + " written by the operator's mirror (it has no sha256 metadata to verify it by)");
      }
      String source = metadata.getOrDefault(RunnerBinaryMirror.SOURCE_METADATA,
          "https://" + folder.bucket() + ".s3." + folder.region() + ".amazonaws.com/" + key);
      return new RunnerDownload(wanted.os(), wanted.architecture(), source, filename, sha256);
    } catch (SdkException e) {
      if ("NoSuchBucket".equals(AwsErrors.code(e))) {
        throw new CloudException.InvalidConfiguration("S3 bucket " + folder.bucket()
            + " does not exist (check spec.runner.distribution.s3.bucket)");
      }
      throw AwsErrors.translate("s3:ListObjectsV2", e);
    }
  }
}
