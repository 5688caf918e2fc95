package dev.ec2runner.api.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the shared matching rule over random label sets, cases, scopes and pool lists. */
class PoolMatcherPropertyTest {

  private static final Set<String> IMPLICIT = Set.of("self-hosted", "linux", "x64");

  @Property
  void servesExactlyWhenEveryJobLabelIsOfferedIgnoringCase(@ForAll("labelSets") Set<String> poolLabels,
      @ForAll("labelSets") Set<String> jobLabels, @ForAll boolean upperCaseJob) {
    var pool = new PoolOffer("p", new PoolScope(Level.ORGANIZATION, "org"), poolLabels, IMPLICIT, false);
    List<String> asked = jobLabels.stream()
        .map(l -> upperCaseJob ? l.toUpperCase(Locale.ROOT) : l).toList();
    var job = new JobRequest("org/repo", "org", null, asked, false);

    Set<String> offered = new HashSet<>(poolLabels);
    offered.addAll(IMPLICIT);
    boolean subset = offered.containsAll(jobLabels);
    assertThat(PoolMatcher.serves(pool, job)).isEqualTo(!jobLabels.isEmpty() && subset);
  }

  @Property
  void implicitLabelsAloneAreServedByEveryPoolInScope(@ForAll("labelSets") Set<String> poolLabels,
      @ForAll("implicitSubsets") Set<String> jobLabels) {
    var pool = new PoolOffer("p", new PoolScope(Level.ORGANIZATION, "org"), poolLabels, IMPLICIT, false);
    assertThat(PoolMatcher.serves(pool, new JobRequest("org/r", "org", null, List.copyOf(jobLabels), false)))
        .isTrue();
  }

  @Property
  void theChosenPoolServesTheJobAndNoServingPoolIsMoreSpecific(@ForAll("pools") List<PoolOffer> pools,
      @ForAll("labelSets") Set<String> extra) {
    List<String> labels = new ArrayList<>(extra);
    labels.add("self-hosted");
    var job = new JobRequest("org/repo", "org", null, labels, false);
    Optional<PoolOffer> best = PoolMatcher.bestPool(job, pools);

    List<PoolOffer> serving = pools.stream().filter(p -> PoolMatcher.serves(p, job)).toList();
    assertThat(best.isPresent()).isEqualTo(!serving.isEmpty());
    best.ifPresent(chosen -> {
      assertThat(PoolMatcher.serves(chosen, job)).isTrue();
      for (PoolOffer other : serving) {
        int chosenExtra = unrequested(chosen, labels);
        int otherExtra = unrequested(other, labels);
        assertThat(chosenExtra).isLessThanOrEqualTo(otherExtra);
        if (chosenExtra == otherExtra) {
          assertThat(chosen.scope().level()).isLessThanOrEqualTo(other.scope().level());
        }
      }
    });
  }

  @Property
  void theChoiceDoesNotDependOnTheOrderOfPools(@ForAll("pools") List<PoolOffer> pools,
      @ForAll("labelSets") Set<String> labels) {
    var job = new JobRequest("org/repo", "org", null, List.copyOf(labels), false);
    List<PoolOffer> reversed = new ArrayList<>(pools);
    Collections.reverse(reversed);
    assertThat(PoolMatcher.bestPool(job, reversed)).isEqualTo(PoolMatcher.bestPool(job, pools));
  }

  private static int unrequested(PoolOffer pool, List<String> labels) {
    Set<String> asked = new HashSet<>();
    labels.forEach(l -> asked.add(l.toLowerCase(Locale.ROOT)));
    return (int) pool.customLabels().stream().filter(l -> !asked.contains(l)).count();
  }

  @Provide
  Arbitrary<Set<String>> labelSets() {
    return Arbitraries.of("gpu", "docker", "large", "arm", "linux", "self-hosted", "x64", "ubuntu-latest", "Big")
        .set().ofMaxSize(4);
  }

  @Provide
  Arbitrary<Set<String>> implicitSubsets() {
    return Arbitraries.of("self-hosted", "Linux", "X64").set().ofMinSize(1);
  }

  @Provide
  Arbitrary<List<PoolOffer>> pools() {
    Arbitrary<PoolScope> scopes = Arbitraries.of(new PoolScope(Level.ORGANIZATION, "org"),
        new PoolScope(Level.REPOSITORY, "org/repo"), new PoolScope(Level.REPOSITORY, "org/other"),
        new PoolScope(Level.ORGANIZATION, "elsewhere"));
    Arbitrary<PoolOffer> pool = Combinators.combine(Arbitraries.strings().withCharRange('a', 'e').ofLength(3),
        scopes, labelSets()).as((name, scope, labels) -> new PoolOffer(name, scope, labels, IMPLICIT, false));
    return pool.list().ofMaxSize(6).uniqueElements(PoolOffer::name);
  }
}
