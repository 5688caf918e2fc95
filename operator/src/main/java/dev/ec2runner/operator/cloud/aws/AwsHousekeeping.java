package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * AWS upkeep that no single reconcile owns, run on a schedule: keeps the S3 mirror of the runner archive current for
 * pools that install from it (the original design's syncer) and deletes launch templates no pool uses any more.
 */
public final class AwsHousekeeping {

  /** What one pass did; problems are safe, per-pool messages. */
  public record Outcome(List<String> mirrored, List<String> deletedTemplates, List<String> problems) {
  }

  private final Ec2RunnerCloud cloud;
  private final RunnerBinaryMirror mirror;
  private final RunnerDownloads downloads;

  public AwsHousekeeping(Ec2RunnerCloud cloud, RunnerBinaryMirror mirror, RunnerDownloads downloads) {
    this.cloud = cloud;
    this.mirror = mirror;
    this.downloads = downloads;
  }

  /** One pass over the pools that exist now; a failing pool does not stop the others. */
  public Outcome runOnce(List<RunnerPool> pools) {
    List<String> mirrored = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (RunnerPool pool : pools) {
      String name = pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName();
      RunnerPoolSpec spec = pool.getSpec();
      RunnerSettings runner = spec.getRunner();
      if (runner == null || runner.getDistribution() == null || !"s3".equals(runner.getDistribution().getSource())) {
        continue;
      }
      try {
        RunnerDownload download = downloads.find(pool.getMetadata().getNamespace(), pool.getMetadata().getName(),
            spec);
        RunnerMirrorLocation location = RunnerMirrorLocation.of(runner.getDistribution().getS3(),
            spec.getEc2().getRegion(), download.filename());
        if (mirror.sync(location, download) == RunnerBinaryMirror.Result.COPIED) {
          mirrored.add(name + " → " + location.uri());
        }
      } catch (CloudException e) {
        problems.add(name + ": " + e.getMessage());
      }
    }
    List<String> deleted = List.of();
    Set<PoolRef> live = pools.stream()
        .map(p -> new PoolRef(p.getMetadata().getNamespace(), p.getMetadata().getName()))
        .collect(Collectors.toSet());
    try {
      deleted = cloud.pruneLaunchTemplates(live);
    } catch (CloudException e) {
      problems.add("launch templates: " + e.getMessage());
    }
    return new Outcome(mirrored, deleted, problems);
  }
}
