package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiWritesTest {

  private static final String METRICS = """
      # HELP apiserver_request_total [STABLE] Counter of apiserver requests
      # TYPE apiserver_request_total counter
      apiserver_request_total{code="201",component="apiserver",dry_run="",group="ec2runner.dev",resource="runners",scope="resource",subresource="",verb="POST",version="v1alpha1"} 12
      apiserver_request_total{code="409",component="apiserver",dry_run="",group="ec2runner.dev",resource="runners",scope="resource",subresource="",verb="POST",version="v1alpha1"} 1
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="ec2runner.dev",resource="workflowjobs",scope="resource",subresource="status",verb="PATCH",version="v1alpha1"} 7
      apiserver_request_total{code="200",component="apiserver",dry_run="All",group="ec2runner.dev",resource="runnerpools",scope="resource",subresource="",verb="POST",version="v1alpha1"} 3
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="ec2runner.dev",resource="runners",scope="namespace",subresource="",verb="LIST",version="v1alpha1"} 40
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="PUT",version="v1"} 9
      apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="events",scope="resource",subresource="",verb="POST",version="v1"} 2
      """;

  @Test
  void countsWritesByVerbAndResourceAndLeavesOutReadsAndDryRuns() {
    ApiWrites writes = ApiWrites.parse(METRICS);

    assertThat(writes.byVerbAndResource()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "POST runners", 13L,
        "PATCH workflowjobs/status", 7L,
        "PUT leases", 9L,
        "POST events", 2L));
    assertThat(writes.perJobResources()).as("leases are not a job's writes").isEqualTo(22);
  }

  @Test
  void theWritesOfARunAreTheDifferenceOfTwoScrapes() {
    ApiWrites before = ApiWrites.parse(METRICS);
    ApiWrites after = ApiWrites.parse(METRICS.replace("verb=\"POST\",version=\"v1alpha1\"} 12",
        "verb=\"POST\",version=\"v1alpha1\"} 20"));

    assertThat(after.since(before).byVerbAndResource()).containsExactlyEntriesOf(Map.of("POST runners", 8L));
  }
}
