package dev.ec2runner.operator.github;

import dev.ec2runner.api.matching.PoolScope;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's side of a runner, for one GitHub App installation: registrations, JIT configs and job state.
 *
 * <p>Implementations: {@code AppGitHubRunners} (GitHub's REST API) and, in the operator's test jar, the fake GitHub's
 * in-process face {@code FakeGitHub}; both are held to one contract ({@code
 * GitHubInstallationContract}), the adapter over HTTP against the same fake GitHub served by the simulator, with
 * GitHub's OpenAPI description checking every exchange. Every method may throw {@link GitHubException.Throttled}; callers back off and retry, never drop demand.
 */
public interface GitHubRunners {

  /**
   * Creates a just-in-time runner configuration: GitHub registers the runner at once (offline until the instance
   * starts it) and returns the one-time configuration the instance passes to {@code run.sh --jitconfig}.
   *
   * @throws GitHubException.Conflict a runner with that name already exists in the scope
   * @throws GitHubException.NotFound the runner group or scope does not exist (or the App cannot see it)
   */
  JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException;

  /**
   * All self-hosted runners of the scope, every page. Implementations may answer from a cache revalidated with
   * {@code If-None-Match}, so calling this once per interval per scope costs almost no rate limit.
   */
  List<GitHubRunner> listRunners(PoolScope scope) throws GitHubException;

  /**
   * Removes a runner registration. A runner that does not exist counts as success.
   *
   * @throws GitHubException.RunnerBusy the runner is running a job (GitHub answers 422); wait, never force it
   */
  void deleteRunner(PoolScope scope, long runnerId) throws GitHubException;

  /** A job's current state, or empty when GitHub does not know it (deleted, or not visible to the App). */
  Optional<JobStatus> jobStatus(String repository, long jobId) throws GitHubException;

  /**
   * Every job of a workflow run, all attempts included, in one paginated listing: the bulk form of
   * {@link #jobStatus}, so checking many jobs of one run costs one call per hundred jobs.
   *
   * @throws GitHubException.NotFound the run does not exist or the App cannot see it
   */
  List<JobStatus> jobsOfRun(String repository, long runId) throws GitHubException;
}
