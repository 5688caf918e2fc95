package dev.ec2runner.simulator.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.operator.github.fake.Accounts;
import dev.ec2runner.operator.github.fake.RateLimits;
import dev.ec2runner.operator.github.fake.SimulatedDelivery;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.WorkflowJobPayload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** App-level endpoints: installation tokens, the webhook delivery log and redelivery, and the rate limit. */
final class AppEndpoints {

  private final SimulatedGitHub github;

  AppEndpoints(SimulatedGitHub github) {
    this.github = github;
  }

  List<Route> routes() {
    return List.of(
        Route.of("POST", "/app/installations/{installation_id}/access_tokens", Route.Auth.APP_JWT, this::token),
        Route.of("GET", "/app/hook/deliveries", Route.Auth.APP_JWT, this::deliveries),
        Route.of("POST", "/app/hook/deliveries/{delivery_id}/attempts", Route.Auth.APP_JWT, this::redeliver),
        Route.of("GET", "/rate_limit", Route.Auth.INSTALLATION, false, this::rateLimit));
  }

  private SimResponse token(Caller caller, SimRequest request, Map<String, String> params) {
    Optional<Accounts.Installation> installation = parseId(params.get("installation_id"))
        .flatMap(github.accounts::installation).filter(i -> i.appId() == caller.appId());
    if (installation.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    Instant now = github.clock.instant();
    String token = github.accounts.issueToken(installation.get().id(), now);
    ObjectNode body = SimResponse.JSON.createObjectNode();
    body.put("token", token);
    body.put("expires_at", WorkflowJobPayload.time(now.plus(github.accounts.tokenLifetime())));
    ObjectNode permissions = body.putObject("permissions");
    permissions.put("actions", "read");
    permissions.put("administration", "write");
    permissions.put("organization_self_hosted_runners", "write");
    body.put("repository_selection", "all");
    return SimResponse.json(201, body);
  }

  /** Newest first; {@code cursor} continues after the last id of the previous page. */
  private SimResponse deliveries(Caller caller, SimRequest request, Map<String, String> params) {
    int perPage = request.intParam("per_page", Pages.DEFAULT_PER_PAGE, Pages.MAX_PER_PAGE);
    String cursor = request.query().get("cursor");
    String status = request.query().get("status");
    long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : parseCursor(cursor);
    Predicate<SimulatedDelivery> filter = d -> d.id() < before
        && (status == null || ("success".equals(status) == d.succeeded()));
    List<SimulatedDelivery> remaining = github.deliveries.newestFirst(caller.appId(), filter);
    List<SimulatedDelivery> page = remaining.subList(0, Math.min(perPage, remaining.size()));
    ArrayNode body = SimResponse.JSON.createArrayNode();
    page.forEach(d -> body.add(GitHubJson.delivery(d)));
    SimResponse response = SimResponse.json(200, body);
    if (remaining.size() > page.size()) {
      String next = request.base() + "/app/hook/deliveries?per_page=" + perPage
          + (status == null ? "" : "&status=" + status) + "&cursor=v1_" + page.get(page.size() - 1).id();
      response.withHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    return response;
  }

  private SimResponse redeliver(Caller caller, SimRequest request, Map<String, String> params) {
    Optional<SimulatedDelivery> delivery = parseId(params.get("delivery_id")).flatMap(github.deliveries::find)
        .filter(d -> d.appId() == caller.appId());
    if (delivery.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    github.redeliver(delivery.get());
    return SimResponse.json(202, Map.of());
  }

  private SimResponse rateLimit(Caller caller, SimRequest request, Map<String, String> params) {
    Instant now = github.clock.instant();
    RateLimits.Budget core = github.rateLimits.peek(caller.bucket(), now);
    ObjectNode body = SimResponse.JSON.createObjectNode();
    ObjectNode resources = body.putObject("resources");
    resources.set("core", GitHubJson.rateLimit(core));
    resources.set("search", GitHubJson.rateLimit(new RateLimits.Budget(30, 0, now.plusSeconds(60))));
    body.set("rate", GitHubJson.rateLimit(core));
    return SimResponse.json(200, body);
  }

  private static long parseCursor(String cursor) {
    return parseId(cursor.startsWith("v1_") ? cursor.substring(3) : cursor).orElse(0L);
  }

  private static Optional<Long> parseId(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
