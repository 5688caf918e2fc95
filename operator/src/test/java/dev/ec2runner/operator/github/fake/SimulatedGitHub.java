package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory GitHub for one or more Apps: installations, organizations, repositories and enterprises, their
 * runners and runner groups, workflow jobs, and the App webhook's delivery log. Served over HTTP by
 * the simulator's {@code SimulatedGitHubServer}; driven from Java by tests and simulated runner agents ({@link #queueJob},
 * {@link #startRunner}, {@link #assignJob}, {@link #completeJob}). Thread-safe: every operation holds this object's
 * lock. Failure switches inject errors, throttling and GitHub's lagging busy flag.
 */
public final class SimulatedGitHub implements AutoCloseable {

  public final Clock clock;
  public final Accounts accounts = new Accounts();
  public final RunnerRegistry registry = new RunnerRegistry();
  public final JobBoard jobs;
  public final RateLimits rateLimits = new RateLimits();
  public final FailureSwitches switches = new FailureSwitches();
  public final WebhookDeliveries deliveries = new WebhookDeliveries();
  private volatile WebhookOutlet outlet = WebhookOutlet.NONE;
  private String runnerVersion = RunnerApplications.DEFAULT_VERSION;
  private final CallLog calls = new CallLog();

  public SimulatedGitHub(Clock clock) {
    this.clock = clock;
    this.jobs = new JobBoard(this);
  }

  public SimulatedGitHub() {
    this(Clock.systemUTC());
  }

  // ---- world setup ----

  public synchronized void registerApp(long appId, PublicKey publicKey) {
    accounts.registerApp(appId, publicKey);
  }

  /** Installs an App on accounts (organization or user logins); the installation sees their repositories. */
  public synchronized void addInstallation(long installationId, long appId, String... accountLogins) {
    accounts.addInstallation(installationId, appId, Set.of(accountLogins));
  }

  public synchronized void addEnterprise(String slug) {
    accounts.addEnterprise(slug);
    registry.addScope(new PoolScope(PoolScope.Level.ENTERPRISE, slug));
  }

  public synchronized void addOrganization(String login) {
    addOrganization(login, null);
  }

  /** An organization, optionally owned by an enterprise (which must exist). */
  public synchronized void addOrganization(String login, String enterprise) {
    if (enterprise != null && accounts.enterprise(enterprise).isEmpty()) {
      throw new IllegalArgumentException("unknown enterprise " + enterprise);
    }
    accounts.addOrganization(login, enterprise);
    registry.addScope(new PoolScope(PoolScope.Level.ORGANIZATION, login));
  }

  public synchronized void addRepository(String fullName) {
    accounts.addRepository(fullName);
    registry.addScope(new PoolScope(PoolScope.Level.REPOSITORY, fullName));
  }

  /** A runner group in an organization or enterprise; returns its id. */
  public synchronized long addRunnerGroup(PoolScope scope, String name) {
    return registry.addGroup(scope, name);
  }

  /**
   * Limits an organization runner group to selected repositories: GitHub then gives its runners no job of any other
   * repository, and lists the selected ones at {@code GET /orgs/{org}/actions/runner-groups/{id}/repositories}.
   */
  public synchronized void restrictRunnerGroup(PoolScope scope, long groupId, String... repositories) {
    registry.restrictGroup(scope, groupId, java.util.Set.of(repositories));
  }

  /**
   * Makes the scope exist (with its owner organization or enterprise) and visible to the installation, for tests
   * that use scopes without setting them up.
   */
  public synchronized void openScope(PoolScope scope, long installationId) {
    String account = switch (scope.level()) {
      case ORGANIZATION, ENTERPRISE -> scope.name();
      case REPOSITORY -> scope.name().substring(0, scope.name().indexOf('/'));
    };
    if (scope.level() == PoolScope.Level.ENTERPRISE) {
      addEnterprise(account);
    } else if (accounts.organization(account).isEmpty()) {
      addOrganization(account);
    }
    if (scope.level() == PoolScope.Level.REPOSITORY && accounts.repository(scope.name()).isEmpty()) {
      addRepository(scope.name());
    }
    accounts.grant(installationId, account);
  }

  /** A personal access token allowed to manage the enterprise's runners (Apps cannot). */
  public synchronized void addEnterpriseToken(String token, String enterprise) {
    accounts.addEnterpriseToken(token, enterprise);
  }

  /** Where webhook events go from now on (none until set). */
  public void deliverWebhooksThrough(WebhookOutlet webhookOutlet) {
    outlet = webhookOutlet;
  }

  /** The runner release the {@code runners/downloads} endpoints list (default {@value RunnerApplications#DEFAULT_VERSION}). */
  public synchronized void runnerVersion(String version) {
    runnerVersion = RunnerApplications.requireVersion(version);
  }

  /** The runner release listed now. */
  public synchronized String runnerVersion() {
    return runnerVersion;
  }

  public synchronized void tokenLifetime(Duration lifetime) {
    accounts.issueTokensLasting(lifetime);
  }

  /** The hourly REST budget of each credential (GitHub's default for an installation is 5000). */
  public synchronized void rateLimit(int callsPerHour) {
    rateLimits.limitTo(callsPerHour);
    rateLimits.clear();
  }

  // ---- jobs and runners, as GitHub's side of a workflow and the runner agents drive them ----

  /** Queues a job of the repository asking for these runs-on labels and sends its {@code queued} webhook. */
  public synchronized long queueJob(String repository, List<String> labels) {
    return jobs.queue(repository, labels);
  }

  /** Queues one run of {@code count} jobs with the same runs-on labels, each announced by webhook; their ids. */
  public synchronized List<Long> queueRun(String repository, List<String> labels, int count) {
    return jobs.queueRun(repository, labels, count);
  }

  /** Cancels a queued or running job (conclusion {@code cancelled}) and sends its {@code completed} webhook. */
  public synchronized void cancelJob(long jobId) {
    jobs.cancel(jobId);
  }

  /** Registers a runner without JIT (as {@code config.sh} would), offline until started; for ghosts and tests. */
  public synchronized SimulatedRunner registerRunner(PoolScope scope, String name, List<String> labels,
      boolean ephemeral) {
    if (registry.nameTaken(scope, name)) {
      throw new IllegalStateException("a runner named " + name + " already exists in " + scope.display());
    }
    return registry.register(scope, name, RunnerRegistry.DEFAULT_GROUP, labels, ephemeral, null)
        .view(clock.instant(), switches.busyFlagLag());
  }

  /**
   * A runner process starts with its JIT configuration: the registration comes online. A configuration works once.
   *
   * @throws IllegalArgumentException the text is no JIT configuration of this GitHub
   * @throws IllegalStateException its registration was deleted, or the configuration was already used
   */
  public synchronized SimulatedRunner startRunner(String encodedJitConfig) {
    long runnerId = JitConfigCodec.runnerId(encodedJitConfig);
    SimRunner runner = registry.byId(runnerId).filter(r -> encodedJitConfig.strip().equals(r.jitConfig))
        .orElseThrow(() -> new IllegalStateException("the JIT configuration's runner is no longer registered"));
    runner.startWithJitConfig();
    return runner.view(clock.instant(), switches.busyFlagLag());
  }

  /**
   * Marks the runner busy, or idle again, without a job of this GitHub: for tests whose jobs are not part of the
   * world. GitHub then reports it busy (after the busy-flag lag) and refuses to delete it.
   */
  public synchronized void holdBusy(String runnerName, boolean busy) {
    SimRunner runner = runner(runnerName);
    runner.holdBusy(busy, clock.instant());
  }

  /** The runner unregisters (as an ephemeral one does once its job is done). */
  public synchronized void unregisterRunner(String runnerName) {
    registry.byName(runnerName).ifPresent(registry::remove);
  }

  /** Every registration of every scope. */
  public synchronized List<SimulatedRunner> runners() {
    return registry.all().stream().map(r -> r.view(clock.instant(), switches.busyFlagLag())).toList();
  }

  /** Brings a registered (non-JIT) runner online. */
  public synchronized void connectRunner(String runnerName) {
    runner(runnerName).connect();
  }

  /**
   * GitHub hands the idle online runner the oldest queued job it can run (scope covers the repository, labels
   * satisfied) and sends the {@code in_progress} webhook.
   *
   * @return the job id, or empty when no queued job fits
   * @throws IllegalStateException the runner is unknown, offline or busy
   */
  public synchronized Optional<Long> assignJob(String runnerName) {
    return jobs.assign(runner(runnerName));
  }

  /** The runner finishes its job ({@code success}, {@code failure}, …); an ephemeral runner then unregisters. */
  public synchronized void completeJob(long jobId, String conclusion) {
    jobs.complete(jobId, conclusion);
  }

  /** The runner process vanished (instance gone): offline, and its job fails as GitHub reports lost runners. */
  public synchronized void disconnectRunner(String runnerName) {
    SimRunner runner = runner(runnerName);
    runner.disconnect();
    if (runner.busy()) {
      jobs.complete(runner.jobId(), "failure", false);
    }
  }

  // ---- observation ----

  public synchronized List<SimulatedRunner> runners(PoolScope scope) {
    return registry.runners(scope).stream().map(r -> r.view(clock.instant(), switches.busyFlagLag())).toList();
  }

  public synchronized Optional<SimulatedRunner> findRunner(String runnerName) {
    return registry.byName(runnerName).map(r -> r.view(clock.instant(), switches.busyFlagLag()));
  }

  public synchronized Optional<SimulatedJob> job(long jobId) {
    return jobs.find(jobId).map(SimJob::view);
  }

  public synchronized List<SimulatedJob> jobs() {
    return jobs.all().stream().map(SimJob::view).toList();
  }

  /** Jobs waiting for a runner, oldest first. */
  public synchronized List<SimulatedJob> queuedJobs() {
    return jobs.all().stream().filter(job -> JobState.QUEUED.is(job.status())).map(SimJob::view).toList();
  }

  /** Jobs that were running on a runner when it was deleted: what the lagging busy flag costs. */
  public synchronized List<Long> killedJobs() {
    return jobs.killed();
  }

  /** Every delivery attempt so far, in the order they were made. */
  public List<SimulatedDelivery> deliveries() {
    return deliveries.all();
  }

  /** The installation's remaining REST budget in the current window. */
  public synchronized int remainingBudget(long installationId) {
    return rateLimits.peek("installation:" + installationId, clock.instant()).remaining();
  }

  public CallLog calls() {
    return calls;
  }

  // ---- failure switches ----

  /** The next call (to any endpoint) fails with this status. */
  public synchronized void failNext(int status) {
    switches.add(new FailureSwitches.Forced(null, status, null));
  }

  /** The next call to the endpoint (method and OpenAPI path, e.g. {@code GET /orgs/{org}/actions/runners}) fails. */
  public synchronized void failNext(String endpoint, int status) {
    switches.add(new FailureSwitches.Forced(endpoint, status, null));
  }

  /** The next call hits a secondary rate limit: 403 with {@code retry-after}. */
  public synchronized void throttleNext(Duration retryAfter) {
    switches.add(new FailureSwitches.Forced(null, 403, retryAfter));
  }

  /**
   * Each call hits a secondary rate limit at this rate (0 to 1): 403 with {@code retry-after} of {@link
   * FailureSwitches#THROTTLE_RETRY_AFTER}, drawn from a seeded generator.
   */
  public synchronized void throttleRate(double rate, long seed) {
    switches.throttleRate(rate, seed);
  }

  /** Each call fails with 502 at this rate (0 to 1), drawn from a seeded generator. */
  public synchronized void serverErrorRate(double rate, long seed) {
    switches.serverErrorRate(rate, seed);
  }

  /** How long after a runner takes a job the API still reports it idle (GitHub's lagging busy flag). */
  public synchronized void busyFlagLag(Duration lag) {
    switches.lagBusyFlagBy(lag);
  }

  /** Forgets runners, jobs, deliveries, tokens, budgets, calls and switches; accounts and groups stay. */
  public synchronized void reset() {
    registry.clearRunners();
    jobs.clear();
    deliveries.clear();
    accounts.clearTokens();
    rateLimits.clear();
    switches.clear();
    calls.clear();
    outlet.reset();
  }

  @Override
  public void close() {
    outlet.close();
  }

  /** Hands a job's event to the webhook outlet. */
  void announce(WebhookEvent event) {
    outlet.send(event);
  }

  /** Delivers a recorded event again (same guid), as {@code POST /app/hook/deliveries/{id}/attempts} asks. */
  public void redeliver(SimulatedDelivery original) {
    outlet.send(new WebhookEvent(original.event(), original.action(), original.guid(), original.appId(),
        original.installationId(), original.repositoryId(), original.payload(), true, original.guid()));
  }

  SimRunner runner(String runnerName) {
    return registry.byName(runnerName)
        .orElseThrow(() -> new IllegalStateException("no runner named " + runnerName));
  }
}
