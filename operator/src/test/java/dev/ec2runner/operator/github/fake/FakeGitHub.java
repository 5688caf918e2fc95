package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.JobState;
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
import dev.ec2runner.operator.github.app.DeliveryScan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One App installation's view of a {@link SimulatedGitHub}, in process: what the REST adapter ({@code
 * AppGitHubRunners}) would answer over HTTP, without HTTP. Calls pass the same gate as the simulator's HTTP server
 * (call log, injected failures, the installation's hourly budget) and are named by the same OpenAPI endpoints, so a
 * failure set for {@code GET /orgs/{org}/actions/runners} hits both. It is also its own {@link GitHubClients}: every
 * pool gets this installation, and the credentials it was asked with are recorded.
 *
 * <p>Beside GitHub's own failures it keeps what operator tests ask of a port fake: a log of the port calls made
 * ({@code "listRunners org:acme"}) and typed failures for the next or every call. {@link #openWorld} makes one whose
 * installation sees every scope it is asked about, set up on first use.
 */
public final class FakeGitHub implements GitHubInstallation, GitHubClients {

  private static final long OPEN_WORLD_APP = 1;
  private static final long OPEN_WORLD_INSTALLATION = 2;

  private final SimulatedGitHub github;
  private final long appId;
  private final long installationId;
  private final String bucket;
  private final boolean opensScopes;
  private final InProcessReceiver receiver;
  private final List<AppCredentials> credentialsSeen = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final List<JitConfigRequest> jitRequests = new ArrayList<>();
  private GitHubException nextCallError;
  private GitHubException everyCallError;

  /** The installation's face of a GitHub set up by the caller: scopes it cannot see answer 404, as on GitHub. */
  public FakeGitHub(SimulatedGitHub github, long appId, long installationId) {
    this(github, appId, installationId, null);
  }

  private FakeGitHub(SimulatedGitHub github, long appId, long installationId, InProcessReceiver receiver) {
    this.github = github;
    this.appId = appId;
    this.installationId = installationId;
    this.bucket = "installation:" + installationId;
    this.opensScopes = receiver != null;
    this.receiver = receiver;
  }

  /**
   * A GitHub of its own with one App installation that sees every organization, repository and enterprise it is
   * asked about (each set up on first use), its webhooks taken by an {@link InProcessReceiver}.
   */
  public static FakeGitHub openWorld(Clock clock) {
    SimulatedGitHub github = new SimulatedGitHub(clock);
    github.addInstallation(OPEN_WORLD_INSTALLATION, OPEN_WORLD_APP);
    return new FakeGitHub(github, OPEN_WORLD_APP, OPEN_WORLD_INSTALLATION, InProcessReceiver.attachTo(github));
  }

  public SimulatedGitHub github() {
    return github;
  }

  @Override
  public GitHubInstallation forPool(RunnerPool pool, AppCredentials credentials) {
    synchronized (github) {
      credentialsSeen.add(credentials);
    }
    return this;
  }

  public List<AppCredentials> credentialsSeen() {
    synchronized (github) {
      return List.copyOf(credentialsSeen);
    }
  }

  @Override
  public JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException {
    synchronized (github) {
      call("createJitConfig " + request.name());
      jitRequests.add(request);
      String endpoint = "POST " + template(scope) + "/runners/generate-jitconfig";
      pass(endpoint, scope);
      if (!github.registry.groupExists(scope, request.runnerGroupId())) {
        throw new GitHubException.NotFound(endpoint + " answered 404: Runner group not found");
      }
      if (github.registry.nameTaken(scope, request.name())) {
        throw new GitHubException.Conflict("Already exists - A runner with the name " + request.name()
            + " already exists.");
      }
      SimRunner runner = github.registry.register(scope, request.name(), request.runnerGroupId(), request.labels(),
          true, id -> JitConfigCodec.encode(id, request.name()));
      return new JitConfig(runner.id, runner.name, Sensitive.of(runner.jitConfig));
    }
  }

  @Override
  public List<GitHubRunner> listRunners(PoolScope scope) throws GitHubException {
    synchronized (github) {
      call("listRunners " + scope.key());
      pass("GET " + template(scope) + "/runners", scope);
      Instant now = github.clock.instant();
      return github.registry.runners(scope).stream()
          .map(r -> new GitHubRunner(r.id, r.name, r.online(), r.reportedBusy(now, github.switches.busyFlagLag()),
              r.labels))
          .toList();
    }
  }

  /** Like GitHub: a runner reported busy is refused; one that took its job too recently to be reported dies with it. */
  @Override
  public void deleteRunner(PoolScope scope, long runnerId) throws GitHubException {
    synchronized (github) {
      call("deleteRunner " + runnerId);
      pass("DELETE " + template(scope) + "/runners/{runner_id}", scope);
      Optional<SimRunner> runner = github.registry.byId(scope, runnerId);
      if (runner.isEmpty()) {
        return;
      }
      if (runner.get().reportedBusy(github.clock.instant(), github.switches.busyFlagLag())) {
        throw new GitHubException.RunnerBusy("runner " + runnerId + " in " + scope.display() + " is running a job;"
            + " GitHub refused to remove it: Bad request - Runner " + runner.get().name + " is still running a job");
      }
      if (runner.get().busy()) {
        github.jobs.kill(runner.get());
      }
      github.registry.remove(runner.get());
    }
  }

  @Override
  public Optional<JobStatus> jobStatus(String repository, long jobId) throws GitHubException {
    synchronized (github) {
      call("jobStatus " + jobId);
      pass("GET /repos/{owner}/{repo}/actions/jobs/{job_id}", repositoryScope(repository));
      return github.jobs.find(jobId).filter(job -> job.repository.equalsIgnoreCase(repository))
          .map(FakeGitHub::status);
    }
  }

  @Override
  public List<JobStatus> jobsOfRun(String repository, long runId) throws GitHubException {
    synchronized (github) {
      call("jobsOfRun " + runId);
      String endpoint = "GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs";
      pass(endpoint, repositoryScope(repository));
      List<SimJob> jobs = github.jobs.ofRun(repository, runId);
      if (jobs.isEmpty()) {
        throw new GitHubException.NotFound(endpoint + " answered 404: Not Found");
      }
      return jobs.stream().map(FakeGitHub::status).toList();
    }
  }

  @Override
  public long runnerGroupId(PoolScope scope, String groupName) throws GitHubException {
    synchronized (github) {
      call("runnerGroupId " + groupName);
      if (groupName == null || groupName.isBlank() || "default".equalsIgnoreCase(groupName.strip())) {
        return RunnerRegistry.DEFAULT_GROUP;
      }
      if (scope.level() == PoolScope.Level.REPOSITORY) {
        throw new GitHubException.NotFound("runner group '" + groupName + "': repositories have no runner groups");
      }
      pass("GET " + template(scope) + "/runner-groups", scope);
      List<RunnerRegistry.Group> groups = github.registry.groups(scope);
      return groups.stream().filter(g -> g.name().equalsIgnoreCase(groupName.strip())).findFirst()
          .map(RunnerRegistry.Group::id)
          .orElseThrow(() -> new GitHubException.NotFound("runner group '" + groupName + "' does not exist in "
              + scope.display() + " (existing groups: "
              + String.join(", ", groups.stream().map(RunnerRegistry.Group::name).toList()) + ")"));
    }
  }

  @Override
  public Optional<Set<String>> runnerGroupRepositories(PoolScope scope, long groupId) throws GitHubException {
    synchronized (github) {
      call("runnerGroupRepositories " + groupId);
      if (scope.level() == PoolScope.Level.REPOSITORY && groupId == RunnerRegistry.DEFAULT_GROUP) {
        return Optional.empty();
      }
      pass("GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories", scope);
      RunnerRegistry.Group group = github.registry.group(scope, groupId).orElseThrow(() ->
          new GitHubException.NotFound("runner group " + groupId + " does not exist in " + scope.display()));
      return Optional.ofNullable(group.selectedRepositories());
    }
  }

  @Override
  public RegistrationToken registrationToken(PoolScope scope) throws GitHubException {
    synchronized (github) {
      call("registrationToken " + scope.key());
      pass("POST " + template(scope) + "/runners/registration-token", scope);
      return new RegistrationToken(Sensitive.of("A" + UUID.randomUUID().toString().replace("-", "")),
          github.clock.instant().plusSeconds(3600));
    }
  }

  /** Like GitHub: only a completed job can be rerun (403 otherwise); the rerun is a new queued job of its run. */
  @Override
  public void rerunJob(String repository, long jobId) throws GitHubException {
    synchronized (github) {
      call("rerunJob " + jobId);
      String endpoint = "POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun";
      pass(endpoint, repositoryScope(repository));
      SimJob job = github.jobs.find(jobId).filter(j -> j.repository.equalsIgnoreCase(repository))
          .orElseThrow(() -> new GitHubException.NotFound(endpoint + " answered 404: Not Found"));
      if (!JobState.COMPLETED.is(job.status())) {
        throw new GitHubException(403, "GitHub refused to rerun job " + jobId + " of " + repository
            + ": the job is " + job.status());
      }
      github.jobs.rerun(job);
    }
  }

  @Override
  public List<WebhookDelivery> failedDeliveries(Instant since) throws GitHubException {
    synchronized (github) {
      call("failedDeliveries");
      passAsApp("GET /app/hook/deliveries");
      return DeliveryScan.neverDelivered(github.deliveries.newestFirst(appId, d -> !d.deliveredAt().isBefore(since))
          .stream().map(FakeGitHub::delivery).toList());
    }
  }

  @Override
  public void redeliver(long deliveryId) throws GitHubException {
    SimulatedDelivery original;
    synchronized (github) {
      call("redeliver " + deliveryId);
      String endpoint = "POST /app/hook/deliveries/{delivery_id}/attempts";
      passAsApp(endpoint);
      original = github.deliveries.find(deliveryId).filter(d -> d.appId() == appId)
          .orElseThrow(() -> new GitHubException.NotFound(endpoint + " answered 404: Not Found"));
    }
    github.redeliver(original);
  }

  /** The budget as the last call's {@code x-ratelimit-*} headers would have reported it; empty before any call. */
  @Override
  public Optional<RateLimitBudget> rateLimit() {
    synchronized (github) {
      Instant now = github.clock.instant();
      RateLimits.Budget budget = github.rateLimits.peek(bucket, now);
      return budget.used() == 0 ? Optional.empty()
          : Optional.of(new RateLimitBudget(budget.limit(), budget.remaining(), budget.resetAt(), now));
    }
  }

  /** Recreates a delivery attempt in the App's log, as GitHub recorded it. */
  public void addDelivery(WebhookDelivery delivery) {
    github.deliveries.record(new SimulatedDelivery(delivery.id(), delivery.guid(), appId, delivery.deliveredAt(),
        delivery.redelivery(), 0, delivery.succeeded() ? "OK" : "Invalid HTTP Response: " + delivery.statusCode(),
        delivery.statusCode(), delivery.event(), delivery.action(), delivery.installationId(), null, new byte[0]));
  }

  /** What the open world's receiver answers redeliveries (and any webhook) from now on, e.g. 502 while down. */
  public void redeliveryStatus(int status) {
    if (receiver == null) {
      throw new IllegalStateException("this GitHub's webhooks go where its owner sent them; answer there");
    }
    receiver.answer(status);
  }

  /** Sets the installation's budget as GitHub would report it now. */
  public void setRateLimit(RateLimitBudget budget) {
    synchronized (github) {
      github.rateLimits.set(bucket, new RateLimits.Budget((int) budget.limit(),
          (int) (budget.limit() - budget.remaining()), budget.resetAt()));
    }
  }

  /** What the runner agent does with its JIT configuration: the runner comes online; false when GitHub refuses it. */
  public boolean startRunner(Sensitive config) {
    try {
      github.startRunner(config.reveal());
      return true;
    } catch (IllegalArgumentException | IllegalStateException refused) {
      return false;
    }
  }

  /** Holds the runner busy (or lets it go idle) without a job of this GitHub, as {@link SimulatedGitHub#holdBusy}. */
  public void setBusy(String runnerName, boolean busy) {
    github.holdBusy(runnerName, busy);
  }

  /** An ephemeral runner finishing its job: GitHub removes the registration. */
  public void removeRunner(String runnerName) {
    github.unregisterRunner(runnerName);
  }

  /** A registration no Runner of this operator made, with the given labels (an installation's label, say). */
  public long addForeignRegistration(PoolScope scope, String name, boolean online, List<String> labels) {
    synchronized (github) {
      openForInstallation(scope);
      long id = github.registerRunner(scope, name, labels, false).id();
      if (online) {
        github.connectRunner(name);
      }
      return id;
    }
  }

  public long addForeignRegistration(PoolScope scope, String name, boolean online) {
    return addForeignRegistration(scope, name, online, List.of());
  }

  public long addRunnerGroup(PoolScope scope, String name) {
    synchronized (github) {
      openForInstallation(scope);
      return github.addRunnerGroup(scope, name);
    }
  }

  public void restrictRunnerGroup(PoolScope scope, long groupId, String... repositories) {
    github.restrictRunnerGroup(scope, groupId, repositories);
  }

  /** Sets a job's state as GitHub reports it ({@code queued}, {@code in_progress}, {@code completed}). */
  public void setJob(String repository, long runId, long jobId, String status, String conclusion) {
    synchronized (github) {
      openForInstallation(repositoryScope(repository));
      github.jobs.record(repository, runId, jobId, status, conclusion);
    }
  }

  /** Every webhook delivery attempt in the App's log, oldest first. */
  public List<SimulatedDelivery> deliveries() {
    return github.deliveries();
  }

  /** In the open world a scope a test sets up before the operator asks about it must exist first. */
  private void openForInstallation(PoolScope scope) {
    if (opensScopes) {
      github.openScope(scope, installationId);
    }
  }

  /** The JIT configurations asked for so far. */
  public List<JitConfigRequest> jitRequests() {
    synchronized (github) {
      return List.copyOf(jitRequests);
    }
  }

  /** Every runner registration GitHub holds, of every scope. */
  public List<SimulatedRunner> registrations() {
    return github.runners();
  }

  public Optional<SimulatedRunner> registration(String runnerName) {
    return github.findRunner(runnerName);
  }

  /** The next port call, whichever it is, fails with this error. */
  public void failNextCall(GitHubException error) {
    synchronized (github) {
      nextCallError = error;
    }
  }

  /** Every port call fails with this error (bad credentials, an outage) until called with null. */
  public void failEveryCall(GitHubException error) {
    synchronized (github) {
      everyCallError = error;
    }
  }

  /** The port calls made so far, e.g. {@code "listRunners org:acme"}, {@code "redeliver 7"}. */
  public List<String> calls() {
    synchronized (github) {
      return List.copyOf(calls);
    }
  }

  /** How many calls were this one, or started with it and a space: {@code "rerunJob"}, {@code "rerunJob 7"}. */
  public long callCount(String prefix) {
    synchronized (github) {
      return calls.stream().filter(c -> c.equals(prefix) || c.startsWith(prefix + " ")).count();
    }
  }

  /** Records the port call and throws the typed failure set for it, if any. */
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

  /**
   * What stands between a call and its answer, in GitHub's order: the scope must be visible to the installation
   * (else 404), an injected failure wins, then an exhausted budget; a call that goes through costs one unit.
   */
  private void pass(String endpoint, PoolScope scope) throws GitHubException {
    if (opensScopes) {
      github.openScope(scope, installationId);
    }
    boolean visible = opensScopes || github.registry.hasScope(scope) && github.accounts.installation(installationId)
        .map(installation -> github.accounts.sees(installation, scope)).orElse(false);
    gate(endpoint, true);
    if (!visible) {
      throw new GitHubException.NotFound(endpoint + " answered 404: Not Found (" + scope.display()
          + " is not visible to installation " + installationId + ")");
    }
  }

  /** App-level calls (signed with the App's key) have no installation budget. */
  private void passAsApp(String endpoint) throws GitHubException {
    gate(endpoint, false);
  }

  private void gate(String endpoint, boolean costsBudget) throws GitHubException {
    Instant now = github.clock.instant();
    Optional<FailureSwitches.Forced> forced = github.switches.next(endpoint);
    if (forced.isPresent()) {
      github.calls().record(new ApiCall(endpoint, forced.get().status(), now));
      Duration retryAfter = forced.get().retryAfter();
      throw retryAfter != null
          ? new GitHubException.Throttled(forced.get().status(), endpoint + ": You have exceeded a secondary rate "
              + "limit", retryAfter)
          : new GitHubException(forced.get().status(), endpoint + " answered " + forced.get().status());
    }
    if (costsBudget) {
      RateLimits.Budget budget = github.rateLimits.peek(bucket, now);
      if (budget.remaining() == 0) {
        github.calls().record(new ApiCall(endpoint, 403, now));
        throw new GitHubException.Throttled(403, endpoint + ": API rate limit exceeded for installation "
            + installationId, Duration.between(now, budget.resetAt()));
      }
      github.rateLimits.consume(bucket, now);
    }
    github.calls().record(new ApiCall(endpoint, 200, now));
  }

  private static PoolScope repositoryScope(String repository) {
    return new PoolScope(PoolScope.Level.REPOSITORY, repository);
  }

  private static String template(PoolScope scope) {
    return switch (scope.level()) {
      case ORGANIZATION -> "/orgs/{org}/actions";
      case REPOSITORY -> "/repos/{owner}/{repo}/actions";
      case ENTERPRISE -> "/enterprises/{enterprise}/actions";
    };
  }

  private static JobStatus status(SimJob job) {
    return new JobStatus(job.id, job.status(), job.conclusion(), job.runnerName());
  }

  private static WebhookDelivery delivery(SimulatedDelivery d) {
    return new WebhookDelivery(d.id(), d.guid(), d.event(), d.action(), d.deliveredAt(), d.statusCode(),
        d.redelivery(), d.installationId());
  }
}
