package dev.ec2runner.operator.testsupport;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.AppCredentials;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.github.RegistrationToken;
import dev.ec2runner.operator.github.WebhookDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A small stateful GitHub for operator tests: runner registrations per scope, runner groups, JIT configs that bring
 * a runner online when an instance uses them (once), the busy flag, jobs and reruns, the App's webhook delivery log,
 * a rate-limit budget, a call log and failure switches. It is also its own {@link GitHubClients}: every pool gets
 * this GitHub, and the credentials it was asked with are recorded.
 */
public final class InMemoryGitHub implements GitHubInstallation, GitHubClients {

  private record RunnerGroup(long id, String name) {
  }

  /** A registration as GitHub keeps it. */
  public record Registration(long id, String scopeKey, String name, boolean online, boolean busy,
      List<String> labels) {
  }

  private final Clock clock;
  private final Map<Long, Registration> registrations = new LinkedHashMap<>();
  private final Map<String, Long> unusedConfigs = new LinkedHashMap<>();
  /** Per scope, the named runner groups by lower-cased name (GitHub matches names case-insensitively). */
  private final Map<String, Map<String, RunnerGroup>> groups = new LinkedHashMap<>();
  private final Map<String, Set<String>> groupRepositories = new LinkedHashMap<>();
  private final Map<Long, JobStatus> jobs = new LinkedHashMap<>();
  private final Map<Long, Long> runOfJob = new LinkedHashMap<>();
  private final List<WebhookDelivery> deliveries = new ArrayList<>();
  private final List<JitConfigRequest> jitRequests = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final List<AppCredentials> credentialsSeen = new ArrayList<>();
  private long nextId = 100;
  private GitHubException nextListError;
  private GitHubException everyCallError;
  private GitHubException nextCallError;
  private RateLimitBudget budget;
  private int redeliveryStatus = 202;

  public InMemoryGitHub(Clock clock) {
    this.clock = clock;
  }

  public InMemoryGitHub() {
    this(Clock.systemUTC());
  }

  @Override
  public synchronized GitHubInstallation forPool(RunnerPool pool, AppCredentials credentials) {
    credentialsSeen.add(credentials);
    return this;
  }

  @Override
  public synchronized JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException {
    call("createJitConfig " + request.name());
    jitRequests.add(request);
    if (request.runnerGroupId() != 1 && group(scope, request.runnerGroupId()).isEmpty()) {
      throw new GitHubException.NotFound("POST generate-jitconfig answered 404: Runner group not found");
    }
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
    call("listRunners " + scope.key());
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
    call("deleteRunner " + runnerId);
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
  public synchronized Optional<JobStatus> jobStatus(String repository, long jobId) throws GitHubException {
    call("jobStatus " + jobId);
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public synchronized List<JobStatus> jobsOfRun(String repository, long runId) throws GitHubException {
    call("jobsOfRun " + runId);
    List<JobStatus> ofRun = jobs.values().stream().filter(j -> runId == runOfJob.get(j.jobId())).toList();
    if (ofRun.isEmpty()) {
      throw new GitHubException.NotFound("GET /repos/" + repository + "/actions/runs/" + runId
          + "/jobs answered 404: Not Found");
    }
    return ofRun;
  }

  @Override
  public synchronized long runnerGroupId(PoolScope scope, String groupName) throws GitHubException {
    call("runnerGroupId " + groupName);
    if (groupName == null || groupName.isBlank() || "default".equalsIgnoreCase(groupName.strip())) {
      return 1;
    }
    if (scope.level() == PoolScope.Level.REPOSITORY) {
      throw new GitHubException.NotFound("runner group '" + groupName + "': repositories have no runner groups");
    }
    RunnerGroup group = groupsOf(scope).get(groupName.strip().toLowerCase(Locale.ROOT));
    if (group == null) {
      List<String> names = new ArrayList<>(List.of("Default"));
      groupsOf(scope).values().forEach(g -> names.add(g.name()));
      throw new GitHubException.NotFound("runner group '" + groupName + "' does not exist in " + scope.display()
          + " (existing groups: " + String.join(", ", names) + ")");
    }
    return group.id();
  }

  @Override
  public synchronized Optional<Set<String>> runnerGroupRepositories(PoolScope scope, long groupId)
      throws GitHubException {
    call("runnerGroupRepositories " + groupId);
    if (groupId != 1 && group(scope, groupId).isEmpty()) {
      throw new GitHubException.NotFound("runner group " + groupId + " does not exist in " + scope.display());
    }
    Set<String> selected = groupRepositories.get(scope.key() + "/" + groupId);
    return Optional.ofNullable(selected);
  }

  /** Limits the group's repository access to these repositories (GitHub's "selected repositories"). */
  public synchronized void restrictRunnerGroup(PoolScope scope, long groupId, String... repositories) {
    groupRepositories.put(scope.key() + "/" + groupId,
        java.util.Arrays.stream(repositories).map(r -> r.toLowerCase(Locale.ROOT)).collect(
            java.util.stream.Collectors.toUnmodifiableSet()));
  }

  @Override
  public synchronized RegistrationToken registrationToken(PoolScope scope) throws GitHubException {
    call("registrationToken " + scope.key());
    return new RegistrationToken(Sensitive.of("reg-" + UUID.randomUUID()), clock.instant().plusSeconds(3600));
  }

  /** Like GitHub: only a completed job can be rerun (403 otherwise); the rerun is a new queued job of its run. */
  @Override
  public synchronized void rerunJob(String repository, long jobId) throws GitHubException {
    call("rerunJob " + jobId);
    JobStatus job = jobs.get(jobId);
    if (job == null) {
      throw new GitHubException.NotFound("POST /repos/" + repository + "/actions/jobs/" + jobId
          + "/rerun answered 404: Not Found");
    }
    if (!"completed".equals(job.status())) {
      throw new GitHubException(403, "GitHub refused to rerun job " + jobId + " of " + repository
          + ": the job is " + job.status());
    }
    long rerun = nextId++;
    setJob(runOfJob.get(jobId), rerun, "queued", null);
  }

  /** Like GitHub: the latest attempt of each event none of whose attempts (since then) succeeded. */
  @Override
  public synchronized List<WebhookDelivery> failedDeliveries(Instant since) throws GitHubException {
    call("failedDeliveries");
    Map<String, List<WebhookDelivery>> byEvent = deliveries.stream().filter(d -> !d.deliveredAt().isBefore(since))
        .collect(Collectors.groupingBy(WebhookDelivery::guid, LinkedHashMap::new, Collectors.toList()));
    return byEvent.values().stream()
        .filter(attempts -> attempts.stream().noneMatch(WebhookDelivery::succeeded))
        .map(attempts -> attempts.get(attempts.size() - 1))
        .sorted(Comparator.comparing(WebhookDelivery::deliveredAt))
        .toList();
  }

  /** Records a new attempt of the event, answered as {@link #redeliveryStatus(int)} says (202 unless changed). */
  @Override
  public synchronized void redeliver(long deliveryId) throws GitHubException {
    call("redeliver " + deliveryId);
    WebhookDelivery original = deliveries.stream().filter(d -> d.id() == deliveryId).findFirst()
        .orElseThrow(() -> new GitHubException.NotFound("delivery " + deliveryId + " not found"));
    deliveries.add(new WebhookDelivery(nextId++, original.guid(), original.event(), original.action(),
        clock.instant(), redeliveryStatus, true, original.installationId()));
  }

  @Override
  public synchronized Optional<RateLimitBudget> rateLimit() {
    return Optional.ofNullable(budget);
  }

  // ---- driving the fake ----

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
    return addForeignRegistration(scope, name, online, List.of());
  }

  /** A registration no Runner of this operator made, with the given labels (an installation's label, say). */
  public synchronized long addForeignRegistration(PoolScope scope, String name, boolean online,
      List<String> labels) {
    long id = nextId++;
    registrations.put(id, new Registration(id, scope.key(), name, online, false, List.copyOf(labels)));
    return id;
  }

  public synchronized long addRunnerGroup(PoolScope scope, String name) {
    long id = nextId++;
    groups.computeIfAbsent(scope.key(), k -> new LinkedHashMap<>())
        .put(name.toLowerCase(Locale.ROOT), new RunnerGroup(id, name));
    return id;
  }

  /** Sets a job's state as GitHub reports it ({@code queued}, {@code in_progress}, {@code completed}). */
  public synchronized void setJob(long runId, long jobId, String status, String conclusion) {
    runOfJob.put(jobId, runId);
    jobs.put(jobId, new JobStatus(jobId, status, conclusion, null));
  }

  /** The runner takes the job: the job is in progress on it and the runner busy. */
  public synchronized void startJob(long jobId, String runnerName) {
    jobs.put(jobId, new JobStatus(jobId, "in_progress", null, runnerName));
    setBusy(runnerName, true);
  }

  /** The job's runner finishes it; being a JIT runner, it is ephemeral and unregisters. */
  public synchronized void finishJob(long jobId, String conclusion) {
    JobStatus job = jobs.get(jobId);
    jobs.put(jobId, new JobStatus(jobId, "completed", conclusion, job.runnerName()));
    removeRunner(job.runnerName());
  }

  public synchronized void addDelivery(WebhookDelivery delivery) {
    deliveries.add(delivery);
  }

  /** The receiver's answer to redeliveries, e.g. 502 while it is down. */
  public synchronized void redeliveryStatus(int status) {
    redeliveryStatus = status;
  }

  public synchronized void setRateLimit(RateLimitBudget rateLimit) {
    budget = rateLimit;
  }

  public synchronized void failNextList(GitHubException error) {
    nextListError = error;
  }

  /** The next call, whichever it is, fails with this error. */
  public synchronized void failNextCall(GitHubException error) {
    nextCallError = error;
  }

  /** Every call fails with this error (a rate limit, bad credentials, an outage) until called with null. */
  public synchronized void failEveryCall(GitHubException error) {
    everyCallError = error;
  }

  public synchronized Optional<Registration> registration(String runnerName) {
    return registrations.values().stream().filter(r -> r.name().equals(runnerName)).findFirst();
  }

  public synchronized List<Registration> registrations() {
    return List.copyOf(registrations.values());
  }

  public synchronized List<JitConfigRequest> jitRequests() {
    return List.copyOf(jitRequests);
  }

  public synchronized List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** How many calls started with the text, e.g. {@code "rerunJob 7"}. */
  public synchronized long callCount(String prefix) {
    return calls.stream().filter(c -> c.equals(prefix) || c.startsWith(prefix + " ")).count();
  }

  public synchronized List<AppCredentials> credentialsSeen() {
    return List.copyOf(credentialsSeen);
  }

  public synchronized void reset() {
    registrations.clear();
    unusedConfigs.clear();
    groups.clear();
    groupRepositories.clear();
    jobs.clear();
    runOfJob.clear();
    deliveries.clear();
    jitRequests.clear();
    calls.clear();
    credentialsSeen.clear();
    nextListError = null;
    everyCallError = null;
    nextCallError = null;
    budget = null;
    redeliveryStatus = 202;
  }

  private void call(String description) throws GitHubException {
    calls.add(description);
    if (everyCallError != null) {
      throw everyCallError;
    }
    if (nextCallError != null) {
      GitHubException error = nextCallError;
      nextCallError = null;
      throw error;
    }
  }

  private Map<String, RunnerGroup> groupsOf(PoolScope scope) {
    return groups.getOrDefault(scope.key(), Map.of());
  }

  private Optional<RunnerGroup> group(PoolScope scope, long groupId) {
    return groupsOf(scope).values().stream().filter(g -> g.id() == groupId).findFirst();
  }

  private static Registration withState(Registration r, boolean online, boolean busy) {
    return new Registration(r.id(), r.scopeKey(), r.name(), online, busy, r.labels());
  }
}
