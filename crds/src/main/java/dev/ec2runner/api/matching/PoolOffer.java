package dev.ec2runner.api.matching;

import dev.ec2runner.api.InstanceArchitecture;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a pool offers: its scope and the labels its runners register with.
 *
 * @param customLabels the pool's own labels, lower-cased
 * @param implicitLabels labels every runner has (self-hosted, the OS, the architecture), lower-cased
 */
public record PoolOffer(String name, PoolScope scope, Set<String> customLabels, Set<String> implicitLabels,
    boolean acceptCheckRuns) {

  public PoolOffer {
    customLabels = lowerCase(customLabels.stream());
    implicitLabels = lowerCase(implicitLabels.stream());
  }

  public static PoolOffer of(RunnerPool pool) {
    var github = pool.getSpec().getGithub();
    PoolScope scope = PoolScope.of(github);
    RunnerSettings runner = pool.getSpec().getRunner();
    String os = runner == null || runner.getOs() == null ? "linux" : runner.getOs();
    String arch = InstanceArchitecture.ofPool(pool.getSpec());
    List<String> labels = github.getLabels() == null ? List.of() : github.getLabels();
    return new PoolOffer(pool.getMetadata().getName(), scope, Set.copyOf(labels),
        Set.of("self-hosted", os, arch), Boolean.TRUE.equals(github.getAcceptCheckRuns()));
  }

  /** Whether a runner of this pool has the label, compared case-insensitively. */
  public boolean hasLabel(String label) {
    String wanted = label.toLowerCase(Locale.ROOT);
    return customLabels.contains(wanted) || implicitLabels.contains(wanted);
  }

  private static Set<String> lowerCase(Stream<String> labels) {
    return labels.map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}
