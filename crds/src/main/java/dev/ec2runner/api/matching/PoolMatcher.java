package dev.ec2runner.api.matching;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pool serves a job: the one rule that the webhook receiver and the operator share.
 *
 * <p>A pool serves a job when the job's repository lies in the pool's scope and every runs-on label of the job is
 * one of the pool's labels or an implicit one (self-hosted, OS, architecture), compared case-insensitively. A job
 * with no labels (a check_run event, or a job that asks only for a runner group) is served only by pools that opt
 * in with acceptCheckRuns. When several pools serve a job the most specific wins: the one with the fewest custom
 * labels the job did not ask for, then the narrowest scope (repository before organization before enterprise),
 * then the name.
 */
public final class PoolMatcher {

  private static final Comparator<Candidate> MOST_SPECIFIC_FIRST = Comparator
      .comparingInt(Candidate::unrequestedLabels)
      .thenComparing(c -> c.pool().scope().level())
      .thenComparing(c -> c.pool().name());

  private PoolMatcher() {
  }

  public static boolean serves(PoolOffer pool, JobRequest job) {
    if (!pool.scope().covers(job.repository(), job.organization(), job.enterprise())) {
      return false;
    }
    if (job.labels().isEmpty()) {
      return pool.acceptCheckRuns();
    }
    return job.labels().stream().allMatch(pool::hasLabel);
  }

  /** The pool that should serve the job, or empty when none does (for example a GitHub-hosted ubuntu-latest job). */
  public static Optional<PoolOffer> bestPool(JobRequest job, Collection<PoolOffer> pools) {
    Set<String> requested = job.labels().stream().map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return pools.stream()
        .filter(pool -> serves(pool, job))
        .map(pool -> new Candidate(pool, (int) pool.customLabels().stream().filter(l -> !requested.contains(l)).count()))
        .min(MOST_SPECIFIC_FIRST)
        .map(Candidate::pool);
  }

  private record Candidate(PoolOffer pool, int unrequestedLabels) {
  }
}
