package dev.ec2runner.simulator.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.fake.Accounts;
import dev.ec2runner.operator.github.fake.RateLimits;
import dev.ec2runner.operator.github.fake.RunnerRegistry;
import dev.ec2runner.operator.github.fake.SimJob;
import dev.ec2runner.operator.github.fake.SimRunner;
import dev.ec2runner.operator.github.fake.SimulatedDelivery;
import dev.ec2runner.operator.github.fake.WorkflowJobPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Renders simulated objects in the shapes of GitHub's REST schemas ({@code runner}, {@code job}, …). */
final class GitHubJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GitHubJson() {
  }

  static ObjectNode runner(SimRunner runner, Instant now, Duration busyLag) {
    ObjectNode node = NODES.objectNode();
    node.put("id", runner.id);
    node.put("name", runner.name);
    node.put("os", "Linux");
    node.put("status", runner.online() ? "online" : "offline");
    node.put("busy", runner.reportedBusy(now, busyLag));
    node.put("ephemeral", runner.ephemeral);
    node.put("runner_group_id", runner.groupId);
    ArrayNode labels = node.putArray("labels");
    for (int i = 0; i < runner.labels.size(); i++) {
      String label = runner.labels.get(i);
      ObjectNode labelNode = labels.addObject();
      labelNode.put("id", i + 1);
      labelNode.put("name", label);
      labelNode.put("type", "self-hosted".equalsIgnoreCase(label) ? "read-only" : "custom");
    }
    return node;
  }

  static ObjectNode group(RunnerRegistry.Group group, String scopeUrl) {
    ObjectNode node = NODES.objectNode();
    node.put("id", group.id());
    node.put("name", group.name());
    node.put("visibility", group.selectedRepositories() == null ? "all" : "selected");
    if (group.selectedRepositories() != null) {
      node.put("selected_repositories_url", scopeUrl + "/runner-groups/" + group.id() + "/repositories");
    }
    node.put("default", group.isDefault());
    node.put("runners_url", scopeUrl + "/runner-groups/" + group.id() + "/runners");
    node.put("inherited", false);
    node.put("allows_public_repositories", false);
    node.put("restricted_to_workflows", false);
    node.putArray("selected_workflows");
    node.put("workflow_restrictions_read_only", false);
    return node;
  }

  static ObjectNode job(SimJob job) {
    return WorkflowJobPayload.job(job);
  }

  static ObjectNode delivery(SimulatedDelivery delivery) {
    ObjectNode node = NODES.objectNode();
    node.put("id", delivery.id());
    node.put("guid", delivery.guid());
    node.put("delivered_at", WorkflowJobPayload.time(delivery.deliveredAt()));
    node.put("redelivery", delivery.redelivery());
    node.put("duration", delivery.duration());
    node.put("status", delivery.status());
    node.put("status_code", delivery.statusCode());
    node.put("event", delivery.event());
    node.put("action", delivery.action());
    node.put("installation_id", delivery.installationId());
    node.put("repository_id", delivery.repositoryId());
    node.putNull("throttled_at");
    return node;
  }

  static ObjectNode rateLimit(RateLimits.Budget budget) {
    ObjectNode node = NODES.objectNode();
    node.put("limit", budget.limit());
    node.put("remaining", budget.remaining());
    node.put("reset", budget.resetAt().getEpochSecond());
    node.put("used", budget.used());
    return node;
  }

  /** URL fields every repository object carries, as {@code name_url} → path below the repository's API URL. */
  private static final List<String> REPOSITORY_URLS = List.of("archive", "assignees", "blobs", "branches",
      "collaborators", "comments", "commits", "compare", "contents", "contributors", "deployments", "downloads",
      "events", "forks", "git_commits", "git_refs", "git_tags", "hooks", "issue_comment", "issue_events", "issues",
      "keys", "labels", "languages", "merges", "milestones", "notifications", "pulls", "releases", "stargazers",
      "statuses", "subscribers", "subscription", "tags", "teams", "trees");

  /** GitHub's {@code minimal-repository}, as runner-group repository listings return it. */
  static ObjectNode minimalRepository(String base, Accounts.Repository repository, Long organizationId) {
    String api = base + "/repos/" + repository.fullName();
    ObjectNode node = NODES.objectNode();
    node.put("id", repository.id());
    node.put("node_id", WorkflowJobPayload.nodeId("Repository", repository.id()));
    node.put("name", repository.fullName().substring(repository.owner().length() + 1));
    node.put("full_name", repository.fullName());
    node.put("private", true);
    node.put("html_url", "https://github.com/" + repository.fullName());
    node.putNull("description");
    node.put("fork", false);
    node.put("url", api);
    REPOSITORY_URLS.forEach(name -> node.put(name + "_url", api + "/" + name.replace('_', '/')));
    ObjectNode owner = node.putObject("owner");
    String user = base + "/users/" + repository.owner();
    long ownerId = organizationId == null ? repository.id() + 1 : organizationId;
    owner.put("login", repository.owner());
    owner.put("id", ownerId);
    owner.put("node_id", WorkflowJobPayload.nodeId(organizationId == null ? "User" : "Organization", ownerId));
    owner.put("avatar_url", "https://avatars.githubusercontent.com/u/" + ownerId);
    owner.put("gravatar_id", "");
    owner.put("url", user);
    owner.put("html_url", "https://github.com/" + repository.owner());
    for (String link : List.of("followers", "following", "gists", "starred", "subscriptions", "organizations",
        "repos", "events", "received_events")) {
      owner.put(link + "_url", user + "/" + link);
    }
    owner.put("type", organizationId == null ? "User" : "Organization");
    owner.put("site_admin", false);
    return node;
  }

  /** The scope's actions URL, e.g. {@code https://api.github.com/orgs/acme/actions}. */
  static String scopeUrl(String base, PoolScope scope) {
    return base + switch (scope.level()) {
      case ORGANIZATION -> "/orgs/" + scope.name();
      case REPOSITORY -> "/repos/" + scope.name();
      case ENTERPRISE -> "/enterprises/" + scope.name();
    } + "/actions";
  }
}
