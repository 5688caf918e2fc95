package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.matching.PoolScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The runner registrations and runner groups of every scope (organization, repository, enterprise). */
public final class RunnerRegistry {

  /**
   * A runner group; every organization and enterprise has the default group, id 1.
   *
   * @param selectedRepositories the repositories (lower-cased owner/name) it admits when its access is limited to
   *     selected repositories, or null when it admits every repository of its scope
   */
  public record Group(long id, String name, boolean isDefault, Set<String> selectedRepositories) {

    public Group(long id, String name, boolean isDefault) {
      this(id, name, isDefault, null);
    }

    /** Whether GitHub gives this group's runners jobs of the repository. */
    public boolean admits(String repository) {
      return selectedRepositories == null || selectedRepositories.contains(repository.toLowerCase(Locale.ROOT));
    }
  }

  public static final long DEFAULT_GROUP = 1;

  private final Map<String, Map<Long, SimRunner>> runners = new LinkedHashMap<>();
  private final Map<String, Map<Long, Group>> groups = new LinkedHashMap<>();
  private long nextRunnerId = 1;
  private long nextGroupId = 2;

  public void addScope(PoolScope scope) {
    runners.putIfAbsent(scope.key(), new LinkedHashMap<>());
    Map<Long, Group> scopeGroups = groups.computeIfAbsent(scope.key(), key -> new LinkedHashMap<>());
    if (scope.level() != PoolScope.Level.REPOSITORY) {
      scopeGroups.putIfAbsent(DEFAULT_GROUP, new Group(DEFAULT_GROUP, "Default", true));
    }
  }

  public boolean hasScope(PoolScope scope) {
    return runners.containsKey(scope.key());
  }

  public long addGroup(PoolScope scope, String name) {
    requireScope(scope);
    if (scope.level() == PoolScope.Level.REPOSITORY) {
      throw new IllegalArgumentException("repositories have no runner groups");
    }
    long id = nextGroupId++;
    groups.get(scope.key()).put(id, new Group(id, name, false));
    return id;
  }

  /** Limits an organization group's repository access to these repositories ("selected repositories"). */
  public void restrictGroup(PoolScope scope, long groupId, Set<String> repositories) {
    Group group = group(scope, groupId).filter(g -> scope.level() == PoolScope.Level.ORGANIZATION)
        .orElseThrow(() -> new IllegalArgumentException("no organization runner group " + groupId + " in "
            + scope.display()));
    Set<String> selected = new TreeSet<>();
    repositories.forEach(r -> selected.add(r.toLowerCase(Locale.ROOT)));
    groups.get(scope.key()).put(groupId, new Group(groupId, group.name(), group.isDefault(), Set.copyOf(selected)));
  }

  public List<Group> groups(PoolScope scope) {
    return List.copyOf(groups.getOrDefault(scope.key(), Map.of()).values());
  }

  /** Whether a runner of this scope may join the group (repositories only have the implicit default group). */
  public boolean groupExists(PoolScope scope, long groupId) {
    return scope.level() == PoolScope.Level.REPOSITORY ? groupId == DEFAULT_GROUP
        : groups.getOrDefault(scope.key(), Map.of()).containsKey(groupId);
  }

  public Optional<Group> group(PoolScope scope, long groupId) {
    if (scope.level() == PoolScope.Level.REPOSITORY && groupId == DEFAULT_GROUP) {
      return Optional.of(new Group(DEFAULT_GROUP, "Default", true));
    }
    return Optional.ofNullable(groups.getOrDefault(scope.key(), Map.of()).get(groupId));
  }

  public boolean nameTaken(PoolScope scope, String name) {
    return requireScope(scope).values().stream().anyMatch(r -> r.name.equalsIgnoreCase(name));
  }

  public SimRunner register(PoolScope scope, String name, long groupId, List<String> labels, boolean ephemeral,
      java.util.function.LongFunction<String> jitConfigFor) {
    long id = nextRunnerId++;
    SimRunner runner = new SimRunner(id, name, scope, groupId, labels, ephemeral,
        jitConfigFor == null ? null : jitConfigFor.apply(id));
    requireScope(scope).put(id, runner);
    return runner;
  }

  public List<SimRunner> runners(PoolScope scope) {
    return List.copyOf(requireScope(scope).values());
  }

  public List<SimRunner> all() {
    List<SimRunner> all = new ArrayList<>();
    runners.values().forEach(scopeRunners -> all.addAll(scopeRunners.values()));
    return all;
  }

  public Optional<SimRunner> byId(PoolScope scope, long id) {
    return Optional.ofNullable(requireScope(scope).get(id));
  }

  public Optional<SimRunner> byId(long id) {
    return all().stream().filter(r -> r.id == id).findFirst();
  }

  public Optional<SimRunner> byName(String name) {
    List<SimRunner> named = all().stream().filter(r -> r.name.equals(name)).toList();
    if (named.size() > 1) {
      throw new IllegalStateException("runner name '" + name + "' is registered in several scopes");
    }
    return named.stream().findFirst();
  }

  public void remove(SimRunner runner) {
    requireScope(runner.scope).remove(runner.id);
  }

  /** Removes every runner; scopes and groups stay. */
  public void clearRunners() {
    runners.values().forEach(Map::clear);
  }

  private Map<Long, SimRunner> requireScope(PoolScope scope) {
    Map<Long, SimRunner> scopeRunners = runners.get(scope.key());
    if (scopeRunners == null) {
      throw new IllegalArgumentException("unknown scope " + scope.display());
    }
    return scopeRunners;
  }
}
