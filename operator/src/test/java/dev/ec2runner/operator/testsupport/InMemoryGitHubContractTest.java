package dev.ec2runner.operator.testsupport;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.GitHubInstallationContract;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The GitHub contract against the operator tests' in-process GitHub. */
class InMemoryGitHubContractTest extends GitHubInstallationContract {

  private static final long INSTALLATION = 5678;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final InMemoryGitHub gitHub = new InMemoryGitHub(clock);
  private final Map<Long, Long> runOfJob = new HashMap<>();
  private long nextJob = 1;
  private long nextRun = 500;
  private long nextDelivery = 1;

  @Override
  protected GitHubInstallation installation() {
    return gitHub;
  }

  @Override
  protected long installationId() {
    return INSTALLATION;
  }

  @Override
  protected MutableClock clock() {
    return clock;
  }

  @Override
  protected boolean startRunner(JitConfig config) {
    return gitHub.startRunner(config.encodedConfig());
  }

  @Override
  protected long queueJob() {
    return queueRun(1).get(0);
  }

  @Override
  protected List<Long> queueRun(int jobs) {
    long run = nextRun++;
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      long id = nextJob++;
      gitHub.setJob(run, id, "queued", null);
      runOfJob.put(id, run);
      ids.add(id);
    }
    return ids;
  }

  @Override
  protected long runOf(long jobId) {
    return runOfJob.get(jobId);
  }

  @Override
  protected void runJob(String runnerName, long jobId) {
    gitHub.startJob(jobId, runnerName);
  }

  @Override
  protected void finishJob(long jobId, String conclusion) {
    gitHub.finishJob(jobId, conclusion);
  }

  @Override
  protected void cancelJob(long jobId) {
    gitHub.setJob(runOf(jobId), jobId, "completed", "cancelled");
  }

  @Override
  protected long addRunnerGroup(String name) {
    return gitHub.addRunnerGroup(ORG, name);
  }

  @Override
  protected void restrictRunnerGroup(long groupId, String... repositories) {
    gitHub.restrictRunnerGroup(ORG, groupId, repositories);
  }

  @Override
  protected void loseWebhookOfNewJob() {
    queueJob();
    gitHub.redeliveryStatus(502);
    gitHub.addDelivery(new WebhookDelivery(nextDelivery++, UUID.randomUUID().toString(), "workflow_job", "queued",
        clock.instant(), 502, false, INSTALLATION));
  }

  @Override
  protected void receiverRecovers() {
    gitHub.redeliveryStatus(202);
  }

  @Override
  protected void throttleNextCall(Duration retryAfter) {
    gitHub.failNextCall(new GitHubException.Throttled(403, "You have exceeded a secondary rate limit", retryAfter));
  }

  @Override
  protected void exhaustRateLimit() {
    gitHub.failEveryCall(new GitHubException.Throttled(403, "API rate limit exceeded for installation",
        Duration.ofMinutes(40)));
  }

  @Override
  protected void failNextCall(int status) {
    gitHub.failNextCall(new GitHubException(status, "GET /orgs/acme/actions/runners answered " + status));
  }
}
