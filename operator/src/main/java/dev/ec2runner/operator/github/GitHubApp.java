package dev.ec2runner.operator.github;

import dev.ec2runner.api.matching.PoolScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator needs from GitHub besides runner registrations: runner group ids, registration tokens, job
 * reruns and the App's webhook deliveries (lost-webhook recovery).
 *
 * <p>Implemented, with {@link GitHubRunners}, as a {@link GitHubInstallation}: by {@code AppGitHubRunners} (GitHub's REST
 * API) and the fake GitHub's in-process face {@code FakeGitHub} (operator test-jar). Like {@link GitHubRunners}, every
 * method may throw {@link GitHubException.Throttled}.
 */
public interface GitHubApp {

  /**
   * The id of the runner group with this name (case-insensitive) in the scope. A blank name, or {@code Default},
   * is the default group (id 1). Repositories have no runner groups: only the default group is valid there.
   *
   * @throws GitHubException.NotFound no group of that name exists in the scope; the message names the groups that do
   */
  long runnerGroupId(PoolScope scope, String groupName) throws GitHubException;

  /**
   * The repositories ({@code owner/name}, lower-cased) an organization's runner group admits, when its repository
   * access is limited to selected repositories; empty when the group admits every repository of its scope (access
   * "all" or "private", a repository's or an enterprise's group). Implementations revalidate with ETags, so asking
   * once a minute costs almost no rate limit.
   *
   * @throws GitHubException.NotFound the group does not exist in the scope
   */
  Optional<Set<String>> runnerGroupRepositories(PoolScope scope, long groupId) throws GitHubException;

  /** A registration token for a runner configured without JIT ({@code config.sh --token}); valid for one hour. */
  RegistrationToken registrationToken(PoolScope scope) throws GitHubException;

  /**
   * Asks GitHub to run a completed job again (for example one killed by a spot interruption). GitHub queues it as a
   * new job of the same run, with a new job id, and sends a new {@code workflow_job queued} webhook.
   *
   * @throws GitHubException with status 403 when GitHub refuses (the job is still running, or too old to rerun)
   */
  void rerunJob(String repository, long jobId) throws GitHubException;

  /**
   * Deliveries of the App's webhook since the given instant that never succeeded: for each event (GUID) whose every
   * attempt failed, its latest attempt, oldest first. An event one of whose attempts succeeded (including a
   * redelivery) is not listed, so redelivering everything returned is safe and idempotent per interval.
   */
  List<WebhookDelivery> failedDeliveries(Instant since) throws GitHubException;

  /**
   * Asks GitHub to send a delivery again (asynchronously: GitHub answers 202 and records a new attempt flagged as a
   * redelivery under the same GUID).
   *
   * @throws GitHubException.NotFound the delivery is unknown (or older than GitHub keeps, about three days)
   */
  void redeliver(long deliveryId) throws GitHubException;
}
