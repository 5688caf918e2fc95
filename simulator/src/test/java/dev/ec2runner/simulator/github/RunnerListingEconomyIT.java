package dev.ec2runner.simulator.github;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.operator.observe.Observations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's GitHub bill for watching runners: pools sharing a scope share one paginated runner listing per
 * observation interval, and an unchanged listing is revalidated with its ETag, which GitHub answers 304 for free.
 */
class RunnerListingEconomyIT {

  private static final String LIST = "GET /orgs/{org}/actions/runners";
  // Observation by hand only, so that every listing is one this test asked for.
  @RegisterExtension
  final OperatorOnSimulatedGitHub world = OperatorOnSimulatedGitHub.with(
      config -> config.withObserveInterval(Duration.ofHours(1)));
  private String ns;

  @BeforeEach
  void namespace() {
    ns = world.operator.namespace();
  }

  @Test
  void threePoolsOnOneOrganizationCostOneListingPerIntervalAndUnchangedListingsCostNoBudget() {
    for (String name : List.of("small", "large", "gpu")) {
      world.operator.createPool(pool(ns, name, 5));
    }
    await().untilAsserted(() -> assertThat(List.of("small", "large", "gpu"))
        .allSatisfy(name -> assertThat(world.operator.conditions(ns, name))
            .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"))));
    Observations observations = world.operator.runtime().observations();
    long listingsBefore = world.github.calls().count(LIST);

    observations.refresh();
    int budgetAfterFirst = world.github.remainingBudget(ServedGitHub.INSTALLATION_ID);
    observations.refresh();
    observations.refresh();

    assertThat(world.github.calls().count(LIST) - listingsBefore).isEqualTo(3);
    List<ApiCall> listings = world.github.calls().all().stream().filter(c -> c.endpoint().equals(LIST)).toList();
    assertThat(listings.subList(listings.size() - 2, listings.size())).extracting(ApiCall::status)
        .containsExactly(304, 304);
    assertThat(world.github.remainingBudget(ServedGitHub.INSTALLATION_ID)).isEqualTo(budgetAfterFirst);
    assertThat(observations.snapshot().scope(ServedGitHub.ORG)).isPresent();
  }
}
