package dev.ec2runner.api.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope.Level;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolOverlapsTest {

  private static final Set<String> LINUX_X64 = Set.of("self-hosted", "linux", "x64");

  private static PoolOffer org(String name, String org, String... labels) {
    return new PoolOffer(name, new PoolScope(Level.ORGANIZATION, org), Set.of(labels), LINUX_X64, false);
  }

  @Test
  void aPoolWithAnExtraLabelTakesThePlainPoolsJobsButNotTheOtherWayRound() {
    var general = org("general", "acme");
    var big = org("big", "acme", "xl");

    assertThat(PoolOverlaps.find(List.of(general, big))).singleElement().satisfies(overlap -> {
      assertThat(overlap.taker().name()).isEqualTo("big");
      assertThat(overlap.victim().name()).isEqualTo("general");
      assertThat(overlap.jobLabels()).containsExactly("linux", "self-hosted", "x64");
      assertThat(overlap.separatingLabel()).isEqualTo("general");
      assertThat(overlap.message()).isEqualTo("runners of big (linux,x64,xl) can take jobs of general (linux,x64),"
          + " e.g. a job asking for [linux, self-hosted, x64]; give general a label big lacks, e.g. 'general', and"
          + " ask for it in the runs-on of general's jobs");
    });
  }

  @Test
  void aUniqueLabelPerPoolAskedForByItsJobsRemovesTheOverlap() {
    var general = org("general", "acme", "general");
    var big = org("big", "acme", "big", "xl");

    assertThat(PoolOverlaps.find(List.of(general, big))).isEmpty();
  }

  @Test
  void theTwinThatLosesEveryTieTakesTheOthersJobs() {
    // Every job goes to blue (same fit and scope, first by name), and green's runners can take any of them.
    var blue = org("blue", "acme", "docker");
    var green = org("green", "acme", "docker");

    assertThat(PoolOverlaps.find(List.of(blue, green))).extracting(o -> o.taker().name() + ">" + o.victim().name())
        .containsExactly("green>blue");
  }

  @Test
  void poolsOfDifferentOrganizationsOrRepositoriesDoNotOverlap() {
    assertThat(PoolOverlaps.find(List.of(org("a", "acme"), org("b", "other", "xl")))).isEmpty();
    var web = new PoolOffer("web", new PoolScope(Level.REPOSITORY, "acme/web"), Set.of(), LINUX_X64, false);
    var api = new PoolOffer("api", new PoolScope(Level.REPOSITORY, "acme/api"), Set.of("xl"), LINUX_X64, false);
    assertThat(PoolOverlaps.find(List.of(web, api))).isEmpty();
  }

  @Test
  void anOrganizationPoolTakesJobsOfARepositoryPoolInside() {
    var web = new PoolOffer("web", new PoolScope(Level.REPOSITORY, "Acme/web"), Set.of(), LINUX_X64, false);
    var org = org("org", "acme", "xl");

    assertThat(PoolOverlaps.involving("web", List.of(web, org))).singleElement().satisfies(overlap -> {
      assertThat(overlap.taker().name()).isEqualTo("org");
      assertThat(overlap.victim().name()).isEqualTo("web");
    });
  }

  @Test
  void theSuggestedLabelIsOneTheTakerLacks() {
    var general = org("general", "acme");
    var big = org("big", "acme", "xl", "general");

    assertThat(PoolOverlaps.find(List.of(general, big))).extracting(PoolOverlaps.Overlap::separatingLabel)
        .containsExactly("general-only");
  }

  @Test
  void differentArchitecturesDoNotOverlapOnCustomLabelsAlone() {
    var arm = new PoolOffer("arm", new PoolScope(Level.ORGANIZATION, "acme"), Set.of("docker"),
        Set.of("self-hosted", "linux", "arm64"), false);
    var x64 = org("x64", "acme", "docker", "xl");
    // A job asking for [docker] alone can go to either; one for [x64] or [arm64] only to its pool.
    assertThat(PoolOverlaps.find(List.of(arm, x64))).extracting(o -> o.taker().name() + ">" + o.victim().name())
        .containsExactly("x64>arm");
  }
}
