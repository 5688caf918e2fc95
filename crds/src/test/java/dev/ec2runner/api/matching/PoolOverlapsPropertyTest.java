package dev.ec2runner.api.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Overlap detection agrees with the matcher: it reports exactly the pairs some routed job can cross. */
class PoolOverlapsPropertyTest {

  @Property
  void everyReportedOverlapHasAJobRoutedToTheVictimThatTheTakerServes(@ForAll("pools") List<PoolOffer> pools) {
    for (PoolOverlaps.Overlap overlap : PoolOverlaps.find(pools)) {
      JobRequest place = PoolOverlaps.sharedPlace(overlap.taker().scope(), overlap.victim().scope()).orElseThrow();
      JobRequest job = new JobRequest(place.repository(), place.organization(), place.enterprise(),
          overlap.jobLabels(), false);
      assertThat(PoolMatcher.bestPool(job, pools)).contains(overlap.victim());
      assertThat(PoolMatcher.serves(overlap.taker(), job)).isTrue();
      assertThat(overlap.taker().hasLabel(overlap.separatingLabel())).isFalse();
    }
  }

  @Property
  void aJobRoutedToOnePoolAndServedByAnotherIsAlwaysReported(@ForAll("pools") List<PoolOffer> pools,
      @ForAll("jobs") JobRequest asked) {
    PoolMatcher.bestPool(asked, pools).ifPresent(victim -> {
      // The documented pattern: a pool's jobs ask for its custom labels.
      List<String> labels = new ArrayList<>(asked.labels());
      labels.addAll(victim.customLabels());
      JobRequest job = new JobRequest(asked.repository(), asked.organization(), null, labels, false);
      if (!PoolMatcher.bestPool(job, pools).equals(java.util.Optional.of(victim))) {
        return;
      }
      List<String> crossing = new ArrayList<>();
      pools.stream().filter(p -> p != victim && PoolMatcher.serves(p, job)).forEach(p -> crossing.add(p.name()));
      List<String> reported = PoolOverlaps.involving(victim.name(), pools).stream()
          .filter(o -> o.victim().name().equals(victim.name())).map(o -> o.taker().name()).toList();
      assertThat(reported).containsAll(crossing);
    });
  }

  @Provide
  Arbitrary<List<PoolOffer>> pools() {
    Arbitrary<PoolScope> scopes = Arbitraries.of(new PoolScope(Level.ORGANIZATION, "org"),
        new PoolScope(Level.REPOSITORY, "org/repo"), new PoolScope(Level.REPOSITORY, "org/other"),
        new PoolScope(Level.ORGANIZATION, "elsewhere"));
    Arbitrary<Set<String>> implicit = Arbitraries.of(Set.of("self-hosted", "linux", "x64"),
        Set.of("self-hosted", "linux", "arm64"));
    Arbitrary<PoolOffer> pool = Combinators.combine(Arbitraries.strings().withCharRange('a', 'e').ofLength(2),
        scopes, labels(), implicit).as((name, scope, labels, os) -> new PoolOffer(name, scope, labels, os, false));
    return pool.list().ofMaxSize(5).uniqueElements(PoolOffer::name);
  }

  @Provide
  Arbitrary<JobRequest> jobs() {
    Arbitrary<String> repository = Arbitraries.of("org/repo", "org/other", "org/third", "elsewhere/x");
    Arbitrary<Set<String>> asked = Arbitraries.of("gpu", "xl", "docker", "Linux", "self-hosted", "x64", "arm64")
        .set().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(repository, asked).as((repo, labels) ->
        new JobRequest(repo, repo.split("/")[0], null, List.copyOf(labels), false));
  }

  private static Arbitrary<Set<String>> labels() {
    return Arbitraries.of("gpu", "xl", "docker").set().ofMaxSize(3);
  }
}
