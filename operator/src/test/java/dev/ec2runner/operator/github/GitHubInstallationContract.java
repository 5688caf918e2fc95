package dev.ec2runner.operator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GitHubInstallation} promises, run against the operator's in-process fake GitHub and against the
 * App adapter talking HTTP to the simulator's GitHub (where GitHub's OpenAPI description checks every exchange).
 * What only HTTP shows (tokens, paging, ETags, the call listener) is tested beside the adapter.
 *
 * <p>The world: an App installation on organization {@code acme} with repository {@code acme/app}. Subclasses drive
 * GitHub's side (runner agents, workflow jobs, the webhook receiver, failures) the way GitHub would show them.
 */
public abstract class GitHubInstallationContract {

  protected static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  protected static final PoolScope REPO = new PoolScope(PoolScope.Level.REPOSITORY, "acme/app");
  protected static final String REPOSITORY = "acme/app";

  protected abstract GitHubInstallation installation();

  protected abstract long installationId();

  protected abstract MutableClock clock();

  /** The runner process starts with its configuration and comes online; false when GitHub refuses the config. */
  protected abstract boolean startRunner(JitConfig config);

  /** Queues a job of {@link #REPOSITORY} asking for {@code self-hosted, linux}; its id. */
  protected abstract long queueJob();

  /** Queues one run of jobs of {@link #REPOSITORY} asking for {@code self-hosted, linux}; their ids. */
  protected abstract List<Long> queueRun(int jobs);

  protected abstract long runOf(long jobId);

  /** The idle online runner takes the queued job: the job is in progress and the runner busy. */
  protected abstract void runJob(String runnerName, long jobId);

  /** The job's runner finishes it with this conclusion; an ephemeral runner then unregisters. */
  protected abstract void finishJob(long jobId, String conclusion);

  protected abstract void cancelJob(long jobId);

  /** A runner group of {@link #ORG}; its id. */
  protected abstract long addRunnerGroup(String name);

  /** Limits the group's repository access to these repositories (which exist in {@link #ORG}). */
  protected abstract void restrictRunnerGroup(long groupId, String... repositories);

  /** A job is queued whose {@code workflow_job} webhook never reached the receiver (it was down). */
  protected abstract void loseWebhookOfNewJob() throws Exception;

  /** The receiver is up again: from now on it accepts deliveries. */
  protected abstract void receiverRecovers() throws Exception;

  /** The next call hits a secondary rate limit asking to wait this long. */
  protected abstract void throttleNextCall(Duration retryAfter) throws Exception;

  /** The installation's hourly budget is spent: calls fail until it resets. */
  protected abstract void exhaustRateLimit() throws Exception;

  /** The next call fails with this server error. */
  protected abstract void failNextCall(int status) throws Exception;

  @Test
  void aJitConfigRegistersAnOfflineRunnerThatComesOnlineOnceStarted() throws Exception {
    JitConfig jit = installation().createJitConfig(ORG, request("linux-abcde"));

    assertThat(jit.runnerName()).isEqualTo("linux-abcde");
    assertThat(jit.toString()).doesNotContain(jit.encodedConfig().reveal());
    GitHubRunner registered = single(installation().listRunners(ORG));
    assertThat(registered.id()).isEqualTo(jit.runnerId());
    assertThat(registered.name()).isEqualTo("linux-abcde");
    assertThat(registered.online()).isFalse();
    assertThat(registered.busy()).isFalse();
    assertThat(registered.labels()).containsExactly("self-hosted", "linux", "x64", "gpu");

    assertThat(startRunner(jit)).isTrue();

    assertThat(single(installation().listRunners(ORG)).online()).isTrue();
    assertThat(startRunner(jit)).as("a JIT configuration works once").isFalse();
  }

  @Test
  void registrationsBelongToTheirScope() throws Exception {
    JitConfig repo = installation().createJitConfig(REPO, request("repo-aaaaa"));

    assertThat(installation().listRunners(REPO)).extracting(GitHubRunner::id).containsExactly(repo.runnerId());
    assertThat(installation().listRunners(ORG)).isEmpty();
  }

  @Test
  void sameNameTwiceIsAConflictAndAnUnknownGroupIsNotFound() throws Exception {
    installation().createJitConfig(ORG, request("dup-ccccc"));

    assertThatThrownBy(() -> installation().createJitConfig(ORG, request("dup-ccccc")))
        .isInstanceOf(GitHubException.Conflict.class).hasMessageContaining("already exists");
    assertThatThrownBy(() -> installation().createJitConfig(ORG,
        new JitConfigRequest("g-ddddd", 99, List.of("self-hosted", "x"), null)))
        .isInstanceOf(GitHubException.NotFound.class);
    assertThat(installation().listRunners(ORG)).extracting(GitHubRunner::name).containsExactly("dup-ccccc");
  }

  @Test
  void anIdleRunnerIsDeletedAndAMissingOneCountsAsDeleted() throws Exception {
    JitConfig jit = installation().createJitConfig(ORG, request("idle-fffff"));

    installation().deleteRunner(ORG, jit.runnerId());
    installation().deleteRunner(ORG, 424242);

    assertThat(installation().listRunners(ORG)).isEmpty();
  }

  @Test
  void aBusyRunnerIsNotDeletedUntilItsJobEnds() throws Exception {
    JitConfig jit = installation().createJitConfig(REPO, request("busy-eeeee"));
    startRunner(jit);
    long job = queueJob();
    runJob("busy-eeeee", job);

    assertThat(single(installation().listRunners(REPO)).busy()).isTrue();
    assertThatThrownBy(() -> installation().deleteRunner(REPO, jit.runnerId()))
        .isInstanceOf(GitHubException.RunnerBusy.class).hasMessageContaining("running a job");
    assertThat(installation().listRunners(REPO)).hasSize(1);

    finishJob(job, "success");
    installation().deleteRunner(REPO, jit.runnerId());

    assertThat(installation().listRunners(REPO)).isEmpty();
  }

  @Test
  void aJobsStatusFollowsItAndAnUnknownJobIsEmpty() throws Exception {
    long job = queueJob();
    assertThat(installation().jobStatus(REPOSITORY, job)).hasValueSatisfying(s -> assertThat(s.isQueued()).isTrue());
    JitConfig jit = installation().createJitConfig(ORG, request("job-aaaaa"));
    startRunner(jit);

    runJob("job-aaaaa", job);

    assertThat(installation().jobStatus(REPOSITORY, job))
        .contains(new JobStatus(job, "in_progress", null, "job-aaaaa"));
    assertThat(installation().jobStatus(REPOSITORY, 987_654_321)).isEmpty();
  }

  @Test
  void aRunsJobsAreListedWithEveryAttempt() throws Exception {
    List<Long> ids = queueRun(3);
    long runId = runOf(ids.get(0));
    cancelJob(ids.get(0));
    startRunner(installation().createJitConfig(ORG, request("run-aaaaa")));
    runJob("run-aaaaa", ids.get(1));
    finishJob(ids.get(1), "failure");
    installation().rerunJob(REPOSITORY, ids.get(1));

    List<JobStatus> jobs = installation().jobsOfRun(REPOSITORY, runId);

    assertThat(jobs).hasSize(4);
    assertThat(jobs).filteredOn(j -> j.jobId() == ids.get(0)).singleElement()
        .isEqualTo(new JobStatus(ids.get(0), "completed", "cancelled", null));
    assertThat(jobs).filteredOn(j -> j.jobId() == ids.get(1)).singleElement()
        .satisfies(j -> assertThat(j.conclusion()).isEqualTo("failure"));
    assertThat(jobs).filteredOn(JobStatus::isQueued).hasSize(2);
    assertThatThrownBy(() -> installation().jobsOfRun(REPOSITORY, 999_999))
        .isInstanceOf(GitHubException.NotFound.class);
  }

  @Test
  void onlyACompletedJobIsRerunAndAsANewJobOfItsRun() throws Exception {
    long job = queueJob();
    startRunner(installation().createJitConfig(REPO, request("rr-aaaaa")));
    runJob("rr-aaaaa", job);

    assertThatThrownBy(() -> installation().rerunJob(REPOSITORY, job)).isExactlyInstanceOf(GitHubException.class)
        .hasMessageContaining("refused to rerun job " + job).hasMessageContaining("in_progress")
        .satisfies(e -> assertThat(((GitHubException) e).status()).isEqualTo(403));

    finishJob(job, "failure");
    installation().rerunJob(REPOSITORY, job);

    assertThat(installation().jobsOfRun(REPOSITORY, runOf(job))).hasSize(2)
        .anySatisfy(old -> assertThat(old).isEqualTo(new JobStatus(job, "completed", "failure", "rr-aaaaa")))
        .anySatisfy(rerun -> {
          assertThat(rerun.jobId()).isNotEqualTo(job);
          assertThat(rerun.status()).isEqualTo("queued");
        });
    assertThatThrownBy(() -> installation().rerunJob(REPOSITORY, 999_999))
        .isInstanceOf(GitHubException.NotFound.class);
  }

  @Test
  void runnerGroupsResolveByNameAndAMissingGroupIsExplained() throws Exception {
    long gpu = addRunnerGroup("GPU runners");

    assertThat(installation().runnerGroupId(ORG, null)).isEqualTo(1);
    assertThat(installation().runnerGroupId(ORG, " ")).isEqualTo(1);
    assertThat(installation().runnerGroupId(ORG, "Default")).isEqualTo(1);
    assertThat(installation().runnerGroupId(ORG, "gpu RUNNERS")).isEqualTo(gpu);
    assertThat(installation().runnerGroupId(ORG, "GPU runners")).isEqualTo(gpu);

    assertThatThrownBy(() -> installation().runnerGroupId(ORG, "arm"))
        .isInstanceOf(GitHubException.NotFound.class)
        .hasMessageContaining("runner group 'arm' does not exist in acme")
        .hasMessageContaining("Default, GPU runners");
    assertThatThrownBy(() -> installation().runnerGroupId(REPO, "GPU runners"))
        .isInstanceOf(GitHubException.NotFound.class).hasMessageContaining("repositories have no runner groups");
  }

  @Test
  void aGroupLimitedToSelectedRepositoriesNamesThem() throws Exception {
    long gpu = addRunnerGroup("gpu");

    assertThat(installation().runnerGroupRepositories(ORG, gpu)).isEmpty();
    assertThat(installation().runnerGroupRepositories(ORG, 1)).isEmpty();
    assertThat(installation().runnerGroupRepositories(REPO, 1)).isEmpty();

    restrictRunnerGroup(gpu, "Acme/App");

    assertThat(installation().runnerGroupRepositories(ORG, gpu)).contains(Set.of("acme/app"));
    assertThatThrownBy(() -> installation().runnerGroupRepositories(ORG, 99))
        .isInstanceOf(GitHubException.NotFound.class).hasMessageContaining("runner group 99 does not exist in acme");
  }

  @Test
  void aRegistrationTokenIsSecretAndValidForAWhile() throws Exception {
    RegistrationToken token = installation().registrationToken(ORG);

    assertThat(token.token().reveal()).isNotBlank();
    assertThat(token.toString()).doesNotContain(token.token().reveal());
    assertThat(token.expiresAt()).isAfter(clock().instant());
  }

  @Test
  void deliveriesThatFailedAreListedUntilARedeliverySucceeds() throws Exception {
    Instant since = clock().instant();
    loseWebhookOfNewJob();
    loseWebhookOfNewJob();

    List<WebhookDelivery> failed = installation().failedDeliveries(since);

    assertThat(failed).hasSize(2).extracting(WebhookDelivery::guid).doesNotHaveDuplicates();
    assertThat(failed).allSatisfy(d -> {
      assertThat(d.event()).isEqualTo("workflow_job");
      assertThat(d.action()).isEqualTo("queued");
      assertThat(d.succeeded()).isFalse();
      assertThat(d.installationId()).isEqualTo(installationId());
    });

    receiverRecovers();
    for (WebhookDelivery delivery : failed) {
      installation().redeliver(delivery.id());
    }

    // GitHub redelivers asynchronously (it answers 202 at once).
    await().untilAsserted(() -> assertThat(installation().failedDeliveries(since)).isEmpty());
  }

  @Test
  void olderDeliveriesAreOutsideTheWindow() throws Exception {
    loseWebhookOfNewJob();
    clock().advance(Duration.ofMinutes(10));

    assertThat(installation().failedDeliveries(clock().instant().minusSeconds(60))).isEmpty();
  }

  @Test
  void anUnknownDeliveryCannotBeRedelivered() {
    assertThatThrownBy(() -> installation().redeliver(987654)).isInstanceOf(GitHubException.NotFound.class);
  }

  @Test
  void aSecondaryRateLimitIsThrottledWithItsRetryAfter() throws Exception {
    throttleNextCall(Duration.ofSeconds(90));

    assertThatThrownBy(() -> installation().listRunners(ORG)).isInstanceOfSatisfying(GitHubException.Throttled.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
  }

  @Test
  void anExhaustedBudgetIsThrottledUntilItsReset() throws Exception {
    exhaustRateLimit();

    assertThatThrownBy(() -> installation().listRunners(ORG)).isInstanceOfSatisfying(GitHubException.Throttled.class,
        e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)))
        .hasMessageContaining("rate limit exceeded");
  }

  @Test
  void aServerErrorIsNeitherThrottlingNorNotFound() throws Exception {
    failNextCall(502);

    assertThatThrownBy(() -> installation().listRunners(ORG)).isExactlyInstanceOf(GitHubException.class)
        .satisfies(e -> assertThat(((GitHubException) e).status()).isEqualTo(502));
  }

  private static JitConfigRequest request(String name) {
    return new JitConfigRequest(name, 1, List.of("self-hosted", "linux", "x64", "gpu"), "_work");
  }

  private static GitHubRunner single(List<GitHubRunner> runners) {
    assertThat(runners).hasSize(1);
    return runners.get(0);
  }
}
