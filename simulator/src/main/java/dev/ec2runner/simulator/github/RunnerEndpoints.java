package dev.ec2runner.simulator.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.fake.Accounts;
import dev.ec2runner.operator.github.fake.JitConfigCodec;
import dev.ec2runner.operator.github.fake.RunnerApplications;
import dev.ec2runner.operator.github.fake.RunnerRegistry;
import dev.ec2runner.operator.github.fake.SimRunner;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.WorkflowJobPayload;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Self-hosted runner endpoints of organizations, repositories and enterprises; called under the world's lock. */
final class RunnerEndpoints {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunnerEndpoints.class);

  private final SimulatedGitHub github;

  RunnerEndpoints(SimulatedGitHub github) {
    this.github = github;
  }

  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (String prefix : List.of("/orgs/{org}/actions", "/repos/{owner}/{repo}/actions",
        "/enterprises/{enterprise}/actions")) {
      routes.add(Route.of("GET", prefix + "/runners", Route.Auth.INSTALLATION, this::list));
      routes.add(Route.of("POST", prefix + "/runners/generate-jitconfig", Route.Auth.INSTALLATION, this::jit));
      routes.add(Route.of("POST", prefix + "/runners/registration-token", Route.Auth.INSTALLATION,
          this::registrationToken));
      routes.add(Route.of("DELETE", prefix + "/runners/{runner_id}", Route.Auth.INSTALLATION, this::delete));
      routes.add(Route.of("GET", prefix + "/runners/downloads", Route.Auth.INSTALLATION, this::downloads));
    }
    routes.add(Route.of("GET", "/orgs/{org}/actions/runner-groups", Route.Auth.INSTALLATION, this::groups));
    routes.add(Route.of("GET", "/enterprises/{enterprise}/actions/runner-groups", Route.Auth.INSTALLATION,
        this::groups));
    routes.add(Route.of("GET", "/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories",
        Route.Auth.INSTALLATION, this::groupRepositories));
    return routes;
  }

  private SimResponse list(Caller caller, SimRequest request, Map<String, String> params) {
    PoolScope scope = scope(params);
    Optional<SimResponse> denied = denied(caller, scope);
    if (denied.isPresent()) {
      return denied.get();
    }
    int perPage = request.intParam("per_page", Pages.DEFAULT_PER_PAGE, Pages.MAX_PER_PAGE);
    int page = request.intParam("page", 1, Integer.MAX_VALUE);
    List<SimRunner> runners = github.registry.runners(scope);
    Instant now = github.clock.instant();
    ObjectNode body = SimResponse.JSON.createObjectNode();
    body.put("total_count", runners.size());
    ArrayNode items = body.putArray("runners");
    Duration lag = github.switches.busyFlagLag();
    Pages.slice(runners, perPage, page).forEach(r -> items.add(GitHubJson.runner(r, now, lag)));
    return conditional(request, body, runners.size(), perPage, page);
  }

  /**
   * A page of a listing with its ETag and Link header, or 304 when {@code If-None-Match} names the ETag (GitHub
   * does not count a 304 against the rate limit).
   */
  private static SimResponse conditional(SimRequest request, ObjectNode body, int total, int perPage, int page) {
    SimResponse response = SimResponse.json(200, body);
    String etag = Pages.etag(response.body());
    if (Pages.matches(request.header("if-none-match").orElse(null), etag)) {
      return SimResponse.empty(304).withHeader("ETag", etag);
    }
    String link = Pages.link(request.base() + request.path(), total, perPage, page);
    if (link != null) {
      response.withHeader("Link", link);
    }
    return response.withHeader("ETag", etag);
  }

  private SimResponse downloads(Caller caller, SimRequest request, Map<String, String> params) {
    Optional<SimResponse> denied = denied(caller, scope(params));
    return denied.orElseGet(() -> SimResponse.json(200, RunnerApplications.list(github.runnerVersion())));
  }

  private SimResponse jit(Caller caller, SimRequest request, Map<String, String> params) {
    PoolScope scope = scope(params);
    Optional<SimResponse> denied = denied(caller, scope);
    if (denied.isPresent()) {
      return denied.get();
    }
    JsonNode body;
    try {
      body = SimResponse.JSON.readTree(request.body());
    } catch (IOException e) {
      return SimResponse.error(400, "Problems parsing JSON");
    }
    String name = body == null ? "" : body.path("name").asText("");
    List<String> labels = new ArrayList<>();
    body.path("labels").forEach(label -> labels.add(label.asText()));
    if (name.isBlank() || labels.isEmpty() || labels.size() > 100 || !body.path("runner_group_id").isIntegralNumber()) {
      return SimResponse.json(422, Map.of("message", "Invalid request: name, runner_group_id and 1 to 100 labels "
          + "are required", "documentation_url", "https://docs.github.com/rest"));
    }
    long groupId = body.path("runner_group_id").asLong();
    if (!github.registry.groupExists(scope, groupId)) {
      return SimResponse.error(404, "Runner group not found");
    }
    if (github.registry.nameTaken(scope, name)) {
      return SimResponse.error(409, "Already exists - A runner with the name " + name + " already exists.");
    }
    SimRunner runner = github.registry.register(scope, name, groupId, labels, true,
        id -> JitConfigCodec.encode(id, name));
    ObjectNode answer = SimResponse.JSON.createObjectNode();
    answer.set("runner", GitHubJson.runner(runner, github.clock.instant(), github.switches.busyFlagLag()));
    answer.put("encoded_jit_config", runner.jitConfig);
    return SimResponse.json(201, answer);
  }

  private SimResponse registrationToken(Caller caller, SimRequest request, Map<String, String> params) {
    PoolScope scope = scope(params);
    Optional<SimResponse> denied = denied(caller, scope);
    if (denied.isPresent()) {
      return denied.get();
    }
    String token = "A" + java.util.UUID.randomUUID().toString().replace("-", "").toUpperCase();
    return SimResponse.json(201, Map.of("token", token,
        "expires_at", WorkflowJobPayload.time(github.clock.instant().plusSeconds(3600))));
  }

  private SimResponse delete(Caller caller, SimRequest request, Map<String, String> params) {
    PoolScope scope = scope(params);
    Optional<SimResponse> denied = denied(caller, scope);
    if (denied.isPresent()) {
      return denied.get();
    }
    long runnerId;
    try {
      runnerId = Long.parseLong(params.get("runner_id"));
    } catch (NumberFormatException e) {
      return SimResponse.error(404, "Not Found");
    }
    Optional<SimRunner> runner = github.registry.byId(scope, runnerId);
    if (runner.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    if (runner.get().reportedBusy(github.clock.instant(), github.switches.busyFlagLag())) {
      return SimResponse.json(422, Map.of("message", "Bad request - Runner " + runner.get().name
          + " is still running a job", "documentation_url", "https://docs.github.com/rest"));
    }
    if (runner.get().busy()) {
      LOG.warn("deleting runner {} killed its job {}: GitHub still reported it idle (busy flag lag)",
          runner.get().name, runner.get().jobId());
      github.jobs.kill(runner.get());
    }
    github.registry.remove(runner.get());
    return SimResponse.empty(204);
  }

  private SimResponse groups(Caller caller, SimRequest request, Map<String, String> params) {
    PoolScope scope = scope(params);
    Optional<SimResponse> denied = denied(caller, scope);
    if (denied.isPresent()) {
      return denied.get();
    }
    int perPage = request.intParam("per_page", Pages.DEFAULT_PER_PAGE, Pages.MAX_PER_PAGE);
    int page = request.intParam("page", 1, Integer.MAX_VALUE);
    List<RunnerRegistry.Group> groups = github.registry.groups(scope);
    ObjectNode body = SimResponse.JSON.createObjectNode();
    body.put("total_count", groups.size());
    ArrayNode items = body.putArray("runner_groups");
    String scopeUrl = GitHubJson.scopeUrl(request.base(), scope);
    Pages.slice(groups, perPage, page).forEach(group -> items.add(GitHubJson.group(group, scopeUrl)));
    return conditional(request, body, groups.size(), perPage, page);
  }

  /** The repositories of a group whose access is limited to selected repositories (an empty list otherwise). */
  private SimResponse groupRepositories(Caller caller, SimRequest request, Map<String, String> params) {
    PoolScope scope = scope(params);
    Optional<SimResponse> denied = denied(caller, scope);
    if (denied.isPresent()) {
      return denied.get();
    }
    Optional<RunnerRegistry.Group> group;
    try {
      group = github.registry.group(scope, Long.parseLong(params.get("runner_group_id")));
    } catch (NumberFormatException e) {
      group = Optional.empty();
    }
    if (group.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    int perPage = request.intParam("per_page", Pages.DEFAULT_PER_PAGE, Pages.MAX_PER_PAGE);
    int page = request.intParam("page", 1, Integer.MAX_VALUE);
    List<Accounts.Repository> repositories = group.get().selectedRepositories() == null ? List.of()
        : group.get().selectedRepositories().stream().map(name -> github.accounts.repository(name))
            .flatMap(Optional::stream).toList();
    ObjectNode body = SimResponse.JSON.createObjectNode();
    body.put("total_count", repositories.size());
    ArrayNode items = body.putArray("repositories");
    Pages.slice(repositories, perPage, page).forEach(repository -> items.add(GitHubJson.minimalRepository(request.base(), repository,
        github.accounts.organization(repository.owner()).map(Accounts.Organization::id).orElse(null))));
    return conditional(request, body, repositories.size(), perPage, page);
  }

  static PoolScope scope(Map<String, String> params) {
    if (params.containsKey("org")) {
      return new PoolScope(PoolScope.Level.ORGANIZATION, params.get("org"));
    }
    if (params.containsKey("enterprise")) {
      return new PoolScope(PoolScope.Level.ENTERPRISE, params.get("enterprise"));
    }
    return new PoolScope(PoolScope.Level.REPOSITORY, params.get("owner") + "/" + params.get("repo"));
  }

  /** 404 unless the caller may act on the scope, as GitHub hides what an installation cannot see. */
  private Optional<SimResponse> denied(Caller caller, PoolScope scope) {
    boolean allowed = github.registry.hasScope(scope) && switch (caller.kind()) {
      case ENTERPRISE_TOKEN -> scope.level() == PoolScope.Level.ENTERPRISE
          && scope.name().equalsIgnoreCase(caller.enterprise());
      case INSTALLATION -> github.accounts.installation(caller.installationId())
          .map(installation -> github.accounts.sees(installation, scope)).orElse(false);
      case APP -> false;
    };
    return allowed ? Optional.empty() : Optional.of(SimResponse.error(404, "Not Found"));
  }
}
