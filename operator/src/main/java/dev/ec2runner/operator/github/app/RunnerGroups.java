package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves runner group names to ids, remembering answers for a while (groups are rarely renamed), and tells which
 * repositories a group admits, from listings revalidated with ETags.
 */
final class RunnerGroups {

  static final long DEFAULT_GROUP_ID = 1;
  static final Duration REMEMBER = Duration.ofMinutes(10);

  private record Resolved(long id, Instant at) {
  }

  private final GitHubApi api;
  private final ConditionalListing listings;
  private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

  RunnerGroups(GitHubApi api) {
    this.api = api;
    this.listings = new ConditionalListing(api);
  }

  /**
   * The repositories (lower-cased {@code owner/name}) an organization's group admits when its access is limited to
   * selected repositories; empty when it admits them all (enterprise groups admit organizations, not repositories,
   * and a repository's only group is its own).
   */
  Optional<Set<String>> repositories(PoolScope scope, long groupId) throws GitHubException {
    if (scope.level() != PoolScope.Level.ORGANIZATION) {
      return Optional.empty();
    }
    String groupsEndpoint = "GET " + ScopePaths.template(scope) + "/runner-groups";
    JsonNode group = null;
    for (JsonNode page : listings.fetch(scope, groupsEndpoint,
        api.uri(ScopePaths.actions(scope) + "/runner-groups?per_page=100"))) {
      for (JsonNode candidate : page.path("runner_groups")) {
        if (candidate.path("id").asLong() == groupId) {
          group = candidate;
        }
      }
    }
    if (group == null) {
      throw new GitHubException.NotFound("runner group " + groupId + " does not exist in " + scope.display());
    }
    if (!"selected".equals(group.path("visibility").asText())) {
      return Optional.empty();
    }
    String endpoint = groupsEndpoint + "/{runner_group_id}/repositories";
    Set<String> admitted = new TreeSet<>();
    for (JsonNode page : listings.fetch(scope, endpoint,
        api.uri(ScopePaths.actions(scope) + "/runner-groups/" + groupId + "/repositories?per_page=100"))) {
      page.path("repositories").forEach(r -> admitted.add(r.path("full_name").asText().toLowerCase(Locale.ROOT)));
    }
    return Optional.of(Set.copyOf(admitted));
  }

  long id(PoolScope scope, String groupName) throws GitHubException {
    if (groupName == null || groupName.isBlank() || "default".equalsIgnoreCase(groupName.strip())) {
      return DEFAULT_GROUP_ID;
    }
    if (scope.level() == PoolScope.Level.REPOSITORY) {
      throw new GitHubException.NotFound("runner group '" + groupName + "': repositories have no runner groups, "
          + "so a repository-level pool can only use the Default group");
    }
    String key = scope.key() + "/" + groupName.strip().toLowerCase(Locale.ROOT);
    Instant now = api.clock().instant();
    Resolved known = resolved.get(key);
    if (known != null && now.isBefore(known.at().plus(REMEMBER))) {
      return known.id();
    }
    long id = lookUp(scope, groupName.strip());
    resolved.put(key, new Resolved(id, now));
    return id;
  }

  private long lookUp(PoolScope scope, String groupName) throws GitHubException {
    String endpoint = "GET " + ScopePaths.template(scope) + "/runner-groups";
    List<String> names = new ArrayList<>();
    URI uri = api.uri(ScopePaths.actions(scope) + "/runner-groups?per_page=100");
    while (uri != null) {
      ApiResponse response = api.expectSuccess("GET", uri, api.asInstallation(scope, "GET", endpoint, uri, null,
          null));
      for (JsonNode group : GitHubApi.parse(response, endpoint).path("runner_groups")) {
        String name = group.path("name").asText();
        if (name.equalsIgnoreCase(groupName)) {
          return group.path("id").asLong();
        }
        names.add(name);
      }
      uri = api.nextPage(response).orElse(null);
    }
    throw new GitHubException.NotFound("runner group '" + groupName + "' does not exist in " + scope.display()
        + " (existing groups: " + String.join(", ", names) + ")");
  }
}
