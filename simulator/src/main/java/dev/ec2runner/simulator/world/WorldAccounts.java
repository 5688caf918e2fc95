package dev.ec2runner.simulator.world;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.simulator.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GitHub accounts a scenario needs: every pool's organization, repository or enterprise, every repository of
 * the workload with its owner as an organization, and one App installation covering all organizations. When the
 * scenario has enterprise pools, every organization belongs to the first enterprise.
 */
final class WorldAccounts {

  final List<String> enterprises = new ArrayList<>();
  final Map<String, String> organizations = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  final Map<String, String> repositories = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  final Map<String, PoolScope> scopes = new TreeMap<>();
  /** Runner groups by organization and name (lower-cased "org/name"): the scenario's, then those pools name. */
  final Map<String, Scenario.RunnerGroup> runnerGroups = new TreeMap<>();

  static WorldAccounts of(Scenario scenario) {
    WorldAccounts accounts = new WorldAccounts();
    for (RunnerPool pool : scenario.pools()) {
      PoolScope scope = PoolScope.of(pool.getSpec().getGithub());
      accounts.scopes.put(scope.key(), scope);
      switch (scope.level()) {
        case ENTERPRISE -> {
          if (accounts.enterprises.stream().noneMatch(e -> e.equalsIgnoreCase(scope.name()))) {
            accounts.enterprises.add(scope.name());
          }
        }
        case ORGANIZATION -> accounts.organizations.putIfAbsent(scope.name(), scope.name());
        case REPOSITORY -> accounts.repository(scope.name());
      }
    }
    scenario.workload().forEach(stream -> accounts.repository(stream.repository()));
    for (Scenario.RunnerGroup group : scenario.runnerGroups()) {
      accounts.organizations.putIfAbsent(group.organization(), group.organization());
      accounts.runnerGroups.put(groupKey(group.organization(), group.name()), group);
    }
    for (RunnerPool pool : scenario.pools()) {
      String group = pool.getSpec().getGithub().getRunnerGroup();
      String organization = pool.getSpec().getGithub().getOrganization();
      if (organization != null && group != null && !group.isBlank() && !"default".equalsIgnoreCase(group.strip())) {
        accounts.runnerGroups.putIfAbsent(groupKey(organization, group.strip()),
            new Scenario.RunnerGroup(organization, group.strip(), null));
      }
    }
    return accounts;
  }

  private static String groupKey(String organization, String name) {
    return (organization + "/" + name).toLowerCase(java.util.Locale.ROOT);
  }

  private void repository(String fullName) {
    repositories.putIfAbsent(fullName, fullName);
    String owner = fullName.substring(0, fullName.indexOf('/'));
    organizations.putIfAbsent(owner, owner);
  }

  /** Creates the accounts on the simulated GitHub and installs the App on every organization. */
  void register(SimulatedGitHub github, long appId, long installationId, String enterpriseToken) {
    enterprises.forEach(github::addEnterprise);
    String enterprise = enterprises.isEmpty() ? null : enterprises.get(0);
    organizations.values().forEach(org -> github.addOrganization(org, enterprise));
    repositories.values().forEach(github::addRepository);
    github.addInstallation(installationId, appId, organizations.values().toArray(String[]::new));
    for (Scenario.RunnerGroup group : runnerGroups.values()) {
      PoolScope organization = new PoolScope(PoolScope.Level.ORGANIZATION, group.organization());
      long id = github.addRunnerGroup(organization, group.name());
      if (group.repositories() != null) {
        github.restrictRunnerGroup(organization, id, group.repositories().toArray(String[]::new));
      }
    }
    if (enterprise != null) {
      github.addEnterpriseToken(enterpriseToken, enterprise);
    }
  }
}
