package dev.ec2runner.api.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Pools whose runners GitHub can hand another pool's jobs.
 *
 * <p>The operator routes a job to the best pool ({@link PoolMatcher}), but GitHub gives a queued job to any idle
 * runner of the scope that has all the job's labels. So when a job routed to pool V asks only for labels that pool
 * T's runners also have, and the two scopes share the job's repository, T's runners can take V's jobs: T launched
 * them for its own demand and V's jobs consume them. This finds such pairs by trying every label set V could be
 * asked for among the labels both pools have, and keeping those the matcher routes to V.
 *
 * <p>A pool with a custom label the other pool lacks is taken to be separated from it: the documented pattern is a
 * unique label per pool that the pool's jobs ask for, and a job asking for it cannot go to the other pool's runners.
 * (A job asking only for labels every runner has, such as {@code self-hosted}, can always go to any pool's runner;
 * reporting that for every pair of pools would say nothing.)
 *
 * <p>Enterprise pools are compared only with enterprise pools of the same name: whether an organization belongs to
 * an enterprise is not known from the pools alone.
 */
public final class PoolOverlaps {

  /** Shared label sets above this size are tried whole only (2^16 subsets would make a reconcile slow). */
  private static final int MAX_ENUMERATED_LABELS = 16;

  /**
   * Runners of {@code taker} can take jobs routed to {@code victim}.
   *
   * @param jobLabels the largest label set of a job routed to the victim that the taker's runners also serve
   * @param separatingLabel a label the taker lacks: when the victim's runners carry it and the victim's jobs ask for
   *     it, the taker's runners can no longer take them
   */
  public record Overlap(PoolOffer taker, PoolOffer victim, List<String> jobLabels, String separatingLabel) {

    public Overlap {
      jobLabels = List.copyOf(jobLabels);
    }

    /** What is wrong and how to fix it, naming both pools and their labels. */
    public String message() {
      return "runners of " + taker.name() + " (" + shown(taker) + ") can take jobs of " + victim.name() + " ("
          + shown(victim) + "), e.g. a job asking for [" + String.join(", ", jobLabels) + "]; give "
          + victim.name() + " a label " + taker.name() + " lacks, e.g. '" + separatingLabel + "', and ask for it in"
          + " the runs-on of " + victim.name() + "'s jobs";
    }
  }

  private PoolOverlaps() {
  }

  /** Every overlap among the pools, ordered by taker then victim name. */
  public static List<Overlap> find(Collection<PoolOffer> pools) {
    List<Overlap> overlaps = new ArrayList<>();
    for (PoolOffer taker : sortedByName(pools)) {
      for (PoolOffer victim : sortedByName(pools)) {
        if (!taker.name().equals(victim.name())) {
          overlap(taker, victim, pools).ifPresent(overlaps::add);
        }
      }
    }
    return overlaps;
  }

  /** The overlaps in which the named pool takes or gives up jobs. */
  public static List<Overlap> involving(String poolName, Collection<PoolOffer> pools) {
    List<Overlap> overlaps = new ArrayList<>();
    Optional<PoolOffer> self = pools.stream().filter(p -> p.name().equals(poolName)).findFirst();
    if (self.isEmpty()) {
      return overlaps;
    }
    for (PoolOffer other : sortedByName(pools)) {
      if (!other.name().equals(poolName)) {
        overlap(self.get(), other, pools).ifPresent(overlaps::add);
        overlap(other, self.get(), pools).ifPresent(overlaps::add);
      }
    }
    return overlaps;
  }

  /** Whether runners of {@code taker} can take a job the matcher routes to {@code victim}, and an example. */
  static Optional<Overlap> overlap(PoolOffer taker, PoolOffer victim, Collection<PoolOffer> pools) {
    Optional<JobRequest> where = sharedPlace(taker.scope(), victim.scope());
    if (where.isEmpty() || !victim.customLabels().stream().allMatch(taker::hasLabel)) {
      return Optional.empty();
    }
    List<String> shared = labels(victim).stream().filter(taker::hasLabel).toList();
    List<List<String>> candidates = shared.size() > MAX_ENUMERATED_LABELS ? List.of(shared) : subsets(shared);
    List<String> widest = null;
    for (List<String> labels : candidates) {
      JobRequest job = new JobRequest(where.get().repository(), where.get().organization(),
          where.get().enterprise(), labels, false);
      boolean routedToVictim = PoolMatcher.bestPool(job, pools).map(p -> p.name().equals(victim.name()))
          .orElse(false);
      if (routedToVictim && (widest == null || labels.size() > widest.size())) {
        widest = labels;
      }
    }
    return widest == null ? Optional.empty()
        : Optional.of(new Overlap(taker, victim, widest, separatingLabel(taker, victim)));
  }

  /** A repository both scopes cover, as a label-less job request, or empty when they share none. */
  static Optional<JobRequest> sharedPlace(PoolScope a, PoolScope b) {
    PoolScope narrow = a.level().compareTo(b.level()) <= 0 ? a : b;
    PoolScope wide = narrow == a ? b : a;
    JobRequest place = switch (narrow.level()) {
      case REPOSITORY -> new JobRequest(narrow.name(), owner(narrow.name()), null, List.of(), false);
      case ORGANIZATION -> new JobRequest(narrow.name() + "/any-repository", narrow.name(), null, List.of(), false);
      case ENTERPRISE -> new JobRequest(null, null, narrow.name(), List.of(), false);
    };
    boolean shared = wide.covers(place.repository(), place.organization(), place.enterprise())
        && narrow.covers(place.repository(), place.organization(), place.enterprise());
    return shared ? Optional.of(place) : Optional.empty();
  }

  private static String separatingLabel(PoolOffer taker, PoolOffer victim) {
    String label = victim.name().toLowerCase(Locale.ROOT);
    while (taker.hasLabel(label)) {
      label = label + "-only";
    }
    return label;
  }

  /** The labels a pool's runners have, sorted, without the self-hosted label every runner has. */
  private static String shown(PoolOffer pool) {
    return String.join(",", labels(pool).stream().filter(l -> !"self-hosted".equals(l)).toList());
  }

  private static List<String> labels(PoolOffer pool) {
    TreeSet<String> all = new TreeSet<>(pool.customLabels());
    all.addAll(pool.implicitLabels());
    return List.copyOf(all);
  }

  /** Every non-empty subset, in a fixed order. */
  private static List<List<String>> subsets(List<String> labels) {
    List<List<String>> subsets = new ArrayList<>();
    for (int mask = 1; mask < 1 << labels.size(); mask++) {
      List<String> subset = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        if ((mask & 1 << i) != 0) {
          subset.add(labels.get(i));
        }
      }
      subsets.add(subset);
    }
    return subsets;
  }

  private static List<PoolOffer> sortedByName(Collection<PoolOffer> pools) {
    return pools.stream().sorted(java.util.Comparator.comparing(PoolOffer::name)).collect(Collectors.toList());
  }

  private static String owner(String repository) {
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }
}
