package dev.ec2runner.operator.testsupport;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.GitHubRunners;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A small stateful GitHub for operator tests: runner registrations per scope, JIT configs that bring a runner
 * online when an instance uses them (once), the busy flag, a call log and failure switches. It is also its own
 * {@link GitHubClients}: every pool gets this GitHub, and the credentials it was asked with are recorded.
 */
public final class InMemoryGitHub implements GitHubRunners, GitHubClients {

  /** A registration as GitHub keeps it. */
  public record Registration(long id, String scopeKey, String name, boolean online, boolean busy,
      List<String> labels) {
  }

  private final Map<Long, Registration> registrations = new LinkedHashMap<>();
  private final Map<String, Long> unusedConfigs = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<AppCredentials> credentialsSeen = new ArrayList<>();
  private long nextId = 100;
  private GitHubException nextListError;

  @Override
  public synchronized GitHubRunners forPool(RunnerPool pool, AppCredentials credentials) {
    credentialsSeen.add(credentials);
    return this;
  }

  @Override
  public synchronized JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException {
    calls.add("createJitConfig " + request.name());
    boolean exists = registrations.values().stream()
        .anyMatch(r -> r.scopeKey().equals(scope.key()) && r.name().equals(request.name()));
    if (exists) {
      throw new GitHubException.Conflict("Already exists - A runner with the name " + request.name()
          + " already exists.");
    }
    long id = nextId++;
    registrations.put(id, new Registration(id, scope.key(), request.name(), false, false, request.labels()));
    String config = "jit-" + UUID.randomUUID();
    unusedConfigs.put(config, id);
    return new JitConfig(id, request.name(), Sensitive.of(config));
  }

  @Override
  public synchronized List<GitHubRunner> listRunners(PoolScope scope) throws GitHubException {
    calls.add("listRunners " + scope.key());
    if (nextListError != null) {
      GitHubException error = nextListError;
      nextListError = null;
      throw error;
    }
    return registrations.values().stream()
        .filter(r -> r.scopeKey().equals(scope.key()))
        .map(r -> new GitHubRunner(r.id(), r.name(), r.online(), r.busy(), r.labels()))
        .toList();
  }

  @Override
  public synchronized void deleteRunner(PoolScope scope, long runnerId) throws GitHubException {
    calls.add("deleteRunner " + runnerId);
    Registration registration = registrations.get(runnerId);
    if (registration == null) {
      return;
    }
    if (registration.busy()) {
      throw new GitHubException.RunnerBusy("Bad request - Runner \"" + registration.name()
          + "\" is still running a job\"");
    }
    registrations.remove(runnerId);
  }

  @Override
  public synchronized Optional<JobStatus> jobStatus(String repository, long jobId) {
    return Optional.empty();
  }

  /** What the runner agent does with its configuration: registers online. A config works once. */
  public synchronized boolean startRunner(Sensitive config) {
    Long id = unusedConfigs.remove(config.reveal());
    Registration registration = id == null ? null : registrations.get(id);
    if (registration == null) {
      return false;
    }
    registrations.put(id, withState(registration, true, false));
    return true;
  }

  public synchronized void setBusy(String runnerName, boolean busy) {
    registration(runnerName).ifPresent(r -> registrations.put(r.id(), withState(r, r.online(), busy)));
  }

  /** An ephemeral runner finishing its job: GitHub removes the registration. */
  public synchronized void removeRunner(String runnerName) {
    registration(runnerName).ifPresent(r -> registrations.remove(r.id()));
  }

  public synchronized long addForeignRegistration(PoolScope scope, String name, boolean online) {
    long id = nextId++;
    registrations.put(id, new Registration(id, scope.key(), name, online, false, List.of()));
    return id;
  }

  public synchronized Optional<Registration> registration(String runnerName) {
    return registrations.values().stream().filter(r -> r.name().equals(runnerName)).findFirst();
  }

  public synchronized List<Registration> registrations() {
    return List.copyOf(registrations.values());
  }

  public synchronized void failNextList(GitHubException error) {
    nextListError = error;
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<AppCredentials> credentialsSeen() {
    return List.copyOf(credentialsSeen);
  }

  public synchronized void reset() {
    registrations.clear();
    unusedConfigs.clear();
    calls.clear();
    credentialsSeen.clear();
    nextListError = null;
  }

  private static Registration withState(Registration r, boolean online, boolean busy) {
    return new Registration(r.id(), r.scopeKey(), r.name(), online, busy, r.labels());
  }
}
