package dev.ec2runner.operator.github.fake;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workflow jobs of the simulated GitHub and their lifecycle (queued → in_progress → completed, rerun), each
 * transition announced by a {@code workflow_job} webhook. Called only under the {@link SimulatedGitHub} lock.
 */
public final class JobBoard {

  private final SimulatedGitHub github;
  private final Map<Long, SimJob> jobs = new LinkedHashMap<>();
  private final List<Long> killed = new ArrayList<>();
  private long nextJobId = 10_000;
  private long nextRunId = 50_000;

  public JobBoard(SimulatedGitHub github) {
    this.github = github;
  }

  public long queue(String repository, List<String> labels) {
    Accounts.Repository repo = github.accounts.repository(repository)
        .orElseThrow(() -> new IllegalArgumentException("unknown repository " + repository));
    long runId = nextRunId++;
    return add(repo.fullName(), runId, 1, labels);
  }

  public Optional<SimJob> find(long jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  public List<SimJob> all() {
    return List.copyOf(jobs.values());
  }

  /** The jobs of a run, every attempt, in the order they were queued. */
  public List<SimJob> ofRun(String repository, long runId) {
    return jobs.values().stream().filter(job -> job.runId == runId && job.repository.equalsIgnoreCase(repository))
        .toList();
  }

  /** Queues a run of {@code count} jobs asking for the same labels; returns their ids. */
  public List<Long> queueRun(String repository, List<String> labels, int count) {
    Accounts.Repository repo = github.accounts.repository(repository)
        .orElseThrow(() -> new IllegalArgumentException("unknown repository " + repository));
    long runId = nextRunId++;
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(add(repo.fullName(), runId, 1, labels));
    }
    return ids;
  }

  /**
   * Puts a job of chosen ids in the given state as GitHub would report it, without a webhook: for tests that make
   * the job's WorkflowJob themselves. A job already there (a rerun's new attempt included) keeps its id.
   */
  public void record(String repository, long runId, long jobId, String status, String conclusion) {
    SimJob job = jobs.computeIfAbsent(jobId, id -> new SimJob(id, runId, 1, repository, List.of(), "build", "CI",
        "0".repeat(40), github.clock.instant()));
    job.report(status, conclusion);
  }

  /** Cancels a job that has not finished: completed with conclusion {@code cancelled}, announced by webhook. */
  public void cancel(long jobId) {
    SimJob job = find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    if (JobState.IN_PROGRESS.is(job.status())) {
      complete(jobId, "cancelled");
      return;
    }
    if (!JobState.QUEUED.is(job.status())) {
      throw new IllegalStateException("job " + jobId + " is " + job.status());
    }
    job.complete("cancelled", github.clock.instant());
    announce(JobState.COMPLETED.wireName(), job);
  }

  public Optional<Long> assign(SimRunner runner) {
    if (!runner.online() || runner.busy()) {
      throw new IllegalStateException("runner " + runner.name + " is " + (runner.online() ? "busy" : "offline"));
    }
    Optional<SimJob> next = jobs.values().stream()
        .filter(job -> JobState.QUEUED.is(job.status()) && covers(runner.scope, job) && runner.satisfies(job.labels)
            && admittedByGroup(runner, job))
        .findFirst();
    next.ifPresent(job -> {
      job.startOn(runner, github.registry.group(runner.scope, runner.groupId)
          .map(RunnerRegistry.Group::name).orElse("Default"), github.clock.instant());
      runner.take(job.id, job.startedAt());
      announce(JobState.IN_PROGRESS.wireName(), job);
    });
    return next.map(job -> job.id);
  }

  public void complete(long jobId, String conclusion) {
    complete(jobId, conclusion, true);
  }

  /**
   * @param runnerFinished false when the runner vanished mid-job: it then stays registered (offline), as GitHub
   *     keeps lost runners until someone deletes them
   */
  public void complete(long jobId, String conclusion, boolean runnerFinished) {
    SimJob job = find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    if (!JobState.IN_PROGRESS.is(job.status())) {
      throw new IllegalStateException("job " + jobId + " is " + job.status() + ", not in_progress");
    }
    job.complete(conclusion, github.clock.instant());
    github.registry.byId(job.runnerId()).ifPresent(runner -> {
      runner.finishJob();
      if (runner.ephemeral && runnerFinished) {
        github.registry.remove(runner);
      }
    });
    announce(JobState.COMPLETED.wireName(), job);
  }

  /** The runner running the job was deleted while GitHub still reported it idle: the job dies with it. */
  public void kill(SimRunner runner) {
    if (runner.jobId() == null) {
      return;
    }
    long jobId = runner.jobId();
    killed.add(jobId);
    complete(jobId, "failure", false);
  }

  /** Reruns a completed job as a new job (new id, same run, next attempt). */
  public SimJob rerun(SimJob job) {
    if (!JobState.COMPLETED.is(job.status())) {
      throw new IllegalStateException("job " + job.id + " is " + job.status());
    }
    return jobs.get(add(job.repository, job.runId, job.runAttempt + 1, job.labels));
  }

  /** The jobs that died with their runner, deleted while GitHub still reported it idle. */
  public List<Long> killed() {
    return List.copyOf(killed);
  }

  public void clear() {
    jobs.clear();
    killed.clear();
  }

  private long add(String repository, long runId, int attempt, List<String> labels) {
    long id = nextJobId++;
    byte[] sha = new byte[20];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(sha);
    SimJob job = new SimJob(id, runId, attempt, repository, labels, "build", "CI", HexFormat.of().formatHex(sha),
        github.clock.instant());
    jobs.put(id, job);
    announce(JobState.QUEUED.wireName(), job);
    return id;
  }

  /** GitHub gives a group's runners only jobs of repositories the group admits. */
  private boolean admittedByGroup(SimRunner runner, SimJob job) {
    return github.registry.group(runner.scope, runner.groupId).map(g -> g.admits(job.repository)).orElse(true);
  }

  private boolean covers(PoolScope scope, SimJob job) {
    Accounts.Repository repo = github.accounts.repository(job.repository).orElseThrow();
    return scope.covers(repo.fullName(), repo.owner(), github.accounts.enterpriseOf(repo));
  }

  /** Sends the webhook to the App installed on the repository's owner; without one GitHub sends nothing. */
  private void announce(String action, SimJob job) {
    Accounts.Repository repo = github.accounts.repository(job.repository).orElseThrow();
    Optional<Accounts.Installation> installation = github.accounts.installationFor(repo);
    if (installation.isEmpty()) {
      return;
    }
    Accounts.Organization org = github.accounts.organization(repo.owner()).orElse(null);
    Accounts.Enterprise enterprise = org == null || org.enterprise() == null ? null
        : github.accounts.enterprise(org.enterprise()).orElse(null);
    byte[] payload = WorkflowJobPayload.build(action, job, repo, org, enterprise, installation.get().id());
    github.announce(new WebhookEvent("workflow_job", action, UUID.randomUUID().toString(),
        installation.get().appId(), installation.get().id(), repo.id(), payload, false, "job-" + job.id));
  }
}
