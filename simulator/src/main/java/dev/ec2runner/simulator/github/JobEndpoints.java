package dev.ec2runner.simulator.github;

import dev.ec2runner.api.matching.PoolScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workflow job endpoints: get a job, rerun a job. */
final class JobEndpoints {

  private final SimulatedGitHub github;

  JobEndpoints(SimulatedGitHub github) {
    this.github = github;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}", Route.Auth.INSTALLATION, this::get),
        Route.of("POST", "/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", Route.Auth.INSTALLATION, this::rerun));
  }

  private SimResponse get(Caller caller, SimRequest request, Map<String, String> params) {
    return visibleJob(caller, params).map(job -> SimResponse.json(200, GitHubJson.job(job)))
        .orElseGet(() -> SimResponse.error(404, "Not Found"));
  }

  private SimResponse rerun(Caller caller, SimRequest request, Map<String, String> params) {
    Optional<SimJob> job = visibleJob(caller, params);
    if (job.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    if (!"completed".equals(job.get().status)) {
      return SimResponse.error(403, "Unable to rerun job: the job is " + job.get().status);
    }
    github.jobs.rerun(job.get());
    return SimResponse.json(201, Map.of());
  }

  private Optional<SimJob> visibleJob(Caller caller, Map<String, String> params) {
    String repository = params.get("owner") + "/" + params.get("repo");
    PoolScope scope = new PoolScope(PoolScope.Level.REPOSITORY, repository);
    boolean visible = caller.kind() == Caller.Kind.INSTALLATION && github.registry.hasScope(scope)
        && github.accounts.installation(caller.installationId()).map(i -> github.accounts.sees(i, scope))
            .orElse(false);
    if (!visible) {
      return Optional.empty();
    }
    try {
      long jobId = Long.parseLong(params.get("job_id"));
      return github.jobs.find(jobId).filter(job -> job.repository.equalsIgnoreCase(repository));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
