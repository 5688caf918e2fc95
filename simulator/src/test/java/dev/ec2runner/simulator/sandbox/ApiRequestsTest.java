package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestsTest {

  private static final String METRICS = """
      # TYPE apiserver_request_total counter
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="ec2runner.dev",resource="runners",scope="namespace",subresource="",verb="LIST",version="v1alpha1"} 4
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="ec2runner.dev",resource="runners",scope="namespace",subresource="",verb="WATCH",version="v1alpha1"} 2
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="secrets",scope="resource",subresource="",verb="GET",version="v1"} 30
      apiserver_request_total{code="404",component="apiserver",dry_run="",group="",resource="secrets",scope="resource",subresource="",verb="GET",version="v1"} 1
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="ec2runner.dev",resource="runners",scope="resource",subresource="status",verb="PATCH",version="v1alpha1"} 5
      apiserver_request_total{code="200",component="apiserver",dry_run="All",group="ec2runner.dev",resource="runnerpools",scope="resource",subresource="",verb="POST",version="v1alpha1"} 3
      apiserver_request_duration_seconds_count{verb="GET",resource="secrets"} 99
      """;

  @Test
  void countsEveryRequestByVerbAndResourceLeavingOutDryRuns() {
    ApiRequests requests = ApiRequests.parse(METRICS);

    assertThat(requests.byVerbAndResource()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "LIST runners", 4L,
        "WATCH runners", 2L,
        "GET secrets", 31L,
        "PATCH runners/status", 5L));
    assertThat(requests.byVerb()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "LIST", 4L, "WATCH", 2L, "GET", 31L, "PATCH", 5L));
    assertThat(requests.writes().byVerbAndResource()).containsExactlyEntriesOf(Map.of("PATCH runners/status", 5L));
  }

  @Test
  void theRequestsOfAWindowAreTheDifferenceOfTwoScrapes() {
    ApiRequests before = ApiRequests.parse(METRICS);
    ApiRequests after = ApiRequests.parse(METRICS.replace("verb=\"GET\",version=\"v1\"} 30",
        "verb=\"GET\",version=\"v1\"} 42"));

    assertThat(after.since(before).byVerbAndResource()).containsExactlyEntriesOf(Map.of("GET secrets", 12L));
  }
}
