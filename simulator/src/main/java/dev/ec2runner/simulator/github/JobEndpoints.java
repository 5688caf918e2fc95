package dev.ec2runner.simulator.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.fake.SimJob;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workflow job endpoints: get a job, list a run's jobs, rerun a job. */
final class JobEndpoints {

  private final SimulatedGitHub github;

  JobEndpoints(SimulatedGitHub github) {
    this.github = github;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}", Route.Auth.INSTALLATION, this::get),
        Route.of("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", Route.Auth.INSTALLATION, this::ofRun),
        Route.of("POST", "/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", Route.Auth.INSTALLATION, this::rerun));
  }

  private SimResponse get(Caller caller, SimRequest request, Map<String, String> params) {
    return visibleJob(caller, params).map(job -> SimResponse.json(200, GitHubJson.job(job)))
        .orElseGet(() -> SimResponse.error(404, "Not Found"));
  }

  /** A run's jobs: {@code filter=latest} (the default) only its latest attempt, {@code all} every attempt. */
  private SimResponse ofRun(Caller caller, SimRequest request, Map<String, String> params) {
    String repository = params.get("owner") + "/" + params.get("repo");
    if (!visible(caller, repository)) {
      return SimResponse.error(404, "Not Found");
    }
    long runId;
    try {
      runId = Long.parseLong(params.get("run_id"));
    } catch (NumberFormatException e) {
      return SimResponse.error(404, "Not Found");
    }
    List<SimJob> jobs = github.jobs.ofRun(repository, runId);
    if (jobs.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    String filter = request.query().get("filter");
    if (!"all".equals(filter)) {
      int latest = jobs.stream().mapToInt(job -> job.runAttempt).max().orElse(1);
      jobs = jobs.stream().filter(job -> job.runAttempt == latest).toList();
    }
    int perPage = request.intParam("per_page", Pages.DEFAULT_PER_PAGE, Pages.MAX_PER_PAGE);
    int page = request.intParam("page", 1, Integer.MAX_VALUE);
    ObjectNode body = SimResponse.JSON.createObjectNode();
    body.put("total_count", jobs.size());
    ArrayNode items = body.putArray("jobs");
    Pages.slice(jobs, perPage, page).forEach(job -> items.add(GitHubJson.job(job)));
    SimResponse response = SimResponse.json(200, body);
    String link = Pages.link(request.base() + request.path() + (filter == null ? "" : "?filter=" + filter),
        jobs.size(), perPage, page);
    return link == null ? response : response.withHeader("Link", link);
  }

  private SimResponse rerun(Caller caller, SimRequest request, Map<String, String> params) {
    Optional<SimJob> job = visibleJob(caller, params);
    if (job.isEmpty()) {
      return SimResponse.error(404, "Not Found");
    }
    if (!JobState.COMPLETED.is(job.get().status())) {
      return SimResponse.error(403, "Unable to rerun job: the job is " + job.get().status());
    }
    github.jobs.rerun(job.get());
    return SimResponse.json(201, Map.of());
  }

  private Optional<SimJob> visibleJob(Caller caller, Map<String, String> params) {
    String repository = params.get("owner") + "/" + params.get("repo");
    if (!visible(caller, repository)) {
      return Optional.empty();
    }
    try {
      long jobId = Long.parseLong(params.get("job_id"));
      return github.jobs.find(jobId).filter(job -> job.repository.equalsIgnoreCase(repository));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the caller's installation sees the repository; GitHub answers 404 for what it does not. */
  private boolean visible(Caller caller, String repository) {
    PoolScope scope = new PoolScope(PoolScope.Level.REPOSITORY, repository);
    return caller.kind() == Caller.Kind.INSTALLATION && github.registry.hasScope(scope)
        && github.accounts.installation(caller.installationId()).map(i -> github.accounts.sees(i, scope))
            .orElse(false);
  }
}
