package dev.ec2runner.simulator.world;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolOffer;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.fake.RunnerAgents;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.fake.FakeCloudSettings;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.simulator.github.SimulatedGitHubServer;
import dev.ec2runner.simulator.github.WebhookSender;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.WorkloadGenerator;
import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated world built from a {@link Scenario}: a shared clock and scheduler, the simulated GitHub (served on
 * 127.0.0.1, the App registered with a fresh key and installed on every organization the scenario names), the
 * simulated EC2/SSM, runner agents on every instance, the workload and the scenario's faults. Whatever scales the
 * fleet (the operator, or the baseline) is attached from outside; {@link #report} measures the run.
 *
 * <p>A stepped world ({@link WorldOptions#stepped()}) moves only through {@link #advance}, waiting for webhooks in
 * flight before each step: it suits scalers that run on the world's scheduler. Code with threads of its own (the
 * operator) needs a real-time world ({@link WorldOptions#realTime}). Accessors and reports are thread-safe.
 */
public final class SimulatedWorld implements AutoCloseable {

  public static final long APP_ID = 424_242;
  public static final long INSTALLATION_ID = 42_424_242;

  private final Scenario scenario;
  private final WorldOptions options;
  private final WorldClock clock;
  private final WorldScheduler scheduler;
  private final SimulatedGitHub github;
  private final WebhookSender webhooks;
  private final SimulatedGitHubServer server;
  private final FakeRunnerCloud cloud;
  private final RunnerCloud cloudApi;
  private final WorkloadDriver workload;
  private final RunnerAgents agents;
  private final WorldFaults faults;
  private final FleetSampler fleet;
  private final WorldAccounts accounts;
  private final AppCredentials credentials;
  private final Sensitive webhookSecret = Sensitive.of(Secrets.random(32));
  private volatile Instant startedAt;

  private SimulatedWorld(Scenario scenario, WorldOptions options) throws IOException {
    this.scenario = scenario;
    this.options = options;
    this.clock = options.speed() == 0 ? WorldClock.stepped(options.start())
        : WorldClock.scaled(options.start(), options.speed());
    this.scheduler = new WorldScheduler(clock);
    this.github = new SimulatedGitHub(clock);
    this.webhooks = WebhookSender.attachTo(github);
    KeyPair keys = Secrets.rsaKeyPair();
    github.registerApp(APP_ID, keys.getPublic());
    this.accounts = WorldAccounts.of(scenario);
    String enterpriseToken = accounts.enterprises.isEmpty() ? null : "ghp_" + Secrets.random(36);
    accounts.register(github, APP_ID, INSTALLATION_ID, enterpriseToken);
    this.server = SimulatedGitHubServer.start(github);
    this.credentials = new AppCredentials(server.apiUrl(), APP_ID, INSTALLATION_ID,
        Sensitive.of(Secrets.pkcs8Pem(keys)), enterpriseToken == null ? null : Sensitive.of(enterpriseToken));
    this.cloud = new FakeRunnerCloud(clock, FakeCloudSettings.defaults().withBootDelay(scenario.bootTime()));
    this.workload = new WorkloadDriver(github,
        WorkloadGenerator.generate(scenario.workload(), scenario.duration(), scenario.seed()));
    this.agents = new RunnerAgents(cloud, github, clock, workload, options.agents());
    this.faults = new WorldFaults(scenario.faults(), cloud, scenario.seed());
    this.cloudApi = new CallGate(List.of(faults.apiFaults())).wrap(RunnerCloud.class, cloud);
    this.fleet = new FleetSampler(cloud);
    if (clock.isStepped()) {
      scheduler.settleWith(new WebhookSettling(webhooks));
    }
  }

  /**
   * Builds the world; nothing moves until {@link #start()}.
   *
   * @throws IOException the simulated GitHub could not listen on 127.0.0.1
   */
  public static SimulatedWorld create(Scenario scenario, WorldOptions options) throws IOException {
    return new SimulatedWorld(scenario, options);
  }

  /**
   * Starts the run: the workload's jobs from now on, the faults, the agents and the fleet sampler; a real-time world
   * also starts its clock thread. Attach the scaler (and point webhooks at it) before.
   */
  public synchronized void start() {
    if (startedAt != null) {
      throw new IllegalStateException("the world has already started");
    }
    startedAt = clock.instant();
    workload.schedule(scheduler, startedAt);
    faults.apply(github, webhooks, scheduler, startedAt, scenario.seed());
    scheduler.every(options.agents().tick(), "runner agents", agents::tick);
    scheduler.every(options.fleetSampleInterval(), "fleet sample", fleet::sample);
    if (!clock.isStepped()) {
      scheduler.start();
    }
  }

  /** Stepped worlds: runs everything due in the next {@code duration} of simulated time. */
  public void advance(Duration duration) {
    scheduler.advance(duration);
  }

  public Scenario scenario() {
    return scenario;
  }

  public WorldClock clock() {
    return clock;
  }

  public WorldScheduler scheduler() {
    return scheduler;
  }

  public SimulatedGitHub github() {
    return github;
  }

  public WebhookSender webhooks() {
    return webhooks;
  }

  public SimulatedGitHubServer githubServer() {
    return server;
  }

  /** The simulated cloud itself, for the world's own reading and the report. */
  public FakeRunnerCloud cloud() {
    return cloud;
  }

  /** The cloud as a scaler reaches it: every call through the scenario's EC2/SSM API faults. */
  public RunnerCloud cloudApi() {
    return cloudApi;
  }

  public RunnerAgents agents() {
    return agents;
  }

  public WorkloadDriver workload() {
    return workload;
  }

  public WorldFaults faults() {
    return faults;
  }

  public FleetSampler fleet() {
    return fleet;
  }

  /** The App's id, installation, key and API URL: what the pools' App Secret must hold. */
  public AppCredentials appCredentials() {
    return credentials;
  }

  /** The secret that signs the world's webhook deliveries. */
  public Sensitive webhookSecret() {
    return webhookSecret;
  }

  /** Sends the App's webhooks (signed with {@link #webhookSecret()}) to the receiver at this URL. */
  public void sendWebhooksTo(URI receiverUrl) {
    webhooks.sendTo(receiverUrl, webhookSecret.reveal());
  }

  /** When {@link #start()} ran; null before. */
  public Instant startedAt() {
    return startedAt;
  }

  /** Every planned job is queued and none waits or runs any more (served, or failed for good). */
  public boolean workloadDone() {
    return workload.allQueued() && github.jobs().stream().allMatch(job -> JobState.COMPLETED.is(job.status()));
  }

  public List<JobOutcome> jobOutcomes() {
    return JobOutcomes.of(workload.planned(), workload.queued(), github.jobs(), agents.jobRuns(),
        github.killedJobs());
  }

  /**
   * The waits (queued → started) of every job started so far, whether it finished or not, and where they went: for
   * runs stopped once the last job started, whose report counts only the jobs finished by then.
   */
  public StartedWaits startedWaits() {
    List<JobOutcome> outcomes = jobOutcomes();
    List<Double> waits = WorldReport.seconds(outcomes, JobOutcome::startedWaiting);
    return new StartedWaits(waits.size(), WorldReport.wait(waits),
        WaitBreakdown.of(outcomes, instances(), JobOutcome::startedWaiting));
  }

  /** Waits of the jobs started so far; see {@link #startedWaits()}. */
  public record StartedWaits(int jobs, SandboxReport.Wait seconds, SandboxReport.WaitParts parts) {
  }

  /** Usage of every instance launched so far. */
  public List<InstanceRecord> instances() {
    Map<String, Duration> billed = cloud.billedPerInstance();
    Map<String, Duration> busy = agents.busyTime();
    Map<String, Instant> online = agents.onlineTimes();
    List<InstanceRecord> records = new ArrayList<>();
    for (CloudInstance instance : cloud.allInstances()) {
      records.add(new InstanceRecord(instance.instanceId(), instance.namespace(), instance.pool(),
          instance.instanceType(), instance.capacityType(), billed.getOrDefault(instance.instanceId(), Duration.ZERO),
          busy.getOrDefault(instance.instanceId(), Duration.ZERO), instance.launchTime(),
          instance.launchTime().plus(scenario.bootTime()), online.get(instance.instanceId())));
    }
    return records;
  }

  /** What is left now: live instances, registrations in the pools' scopes, stored runner configurations. */
  public SandboxReport.Leaks leaks() {
    int instances = (int) cloud.allInstances().stream().filter(i -> !i.state().isGone()).count();
    int registrations = accounts.scopes.values().stream().mapToInt(scope -> github.runners(scope).size()).sum();
    return new SandboxReport.Leaks(instances, registrations, cloud.storedRunnerConfigs().size());
  }

  /** EC2 and SSM actions and GitHub endpoints called so far, by service. */
  public Map<String, Map<String, Long>> apiCalls() {
    Map<String, Long> githubCalls = new TreeMap<>();
    for (ApiCall call : github.calls().all()) {
      githubCalls.merge(call.endpoint(), 1L, Long::sum);
    }
    return WorldReport.apiCalls(cloud.callCounts(), githubCalls);
  }

  /**
   * The run's report as of now. Beyond {@code extraViolations}, it names pools above their cap, jobs killed because
   * a busy runner's registration was deleted, and simulation tasks that failed.
   */
  public SandboxReport report(String strategy, List<String> extraViolations) {
    List<String> violations = new ArrayList<>(extraViolations);
    List<Long> busyKills = github.killedJobs();
    if (!busyKills.isEmpty()) {
      violations.add(busyKills.size() + " jobs were killed when the registration of their busy runner was deleted");
    }
    if (scheduler.failureCount() > 0) {
      violations.add(scheduler.failureCount() + " simulation tasks failed, first: " + scheduler.failures().get(0));
    }
    List<JobOutcome> outcomes = jobOutcomes();
    List<InstanceRecord> instances = instances();
    Map<String, Integer> taken = TakenRunners.count(outcomes, instances, scenario.pools().stream()
        .map(p -> new TakenRunners.PlacedPool(p.getMetadata().getNamespace(), PoolOffer.of(p))).toList(),
        accounts.enterprises.isEmpty() ? null : accounts.enterprises.get(0));
    List<SandboxReport.Pool> pools = new ArrayList<>();
    for (RunnerPool pool : scenario.pools()) {
      pools.add(new SandboxReport.Pool(pool.getMetadata().getName(),
          fleet.peak(pool.getMetadata().getName()),
          pool.getSpec().getScaling().getMaxRunners(), taken.getOrDefault(pool.getMetadata().getName(), 0)));
    }
    Instant start = startedAt == null ? clock.instant() : startedAt;
    return WorldReport.build(scenario.name(), strategy, Duration.between(start, clock.instant()), outcomes,
        instances, scenario.prices(), pools, leaks(), apiCalls(), violations);
  }

  @Override
  public void close() {
    scheduler.close();
    server.close();
    github.close();
  }
}
