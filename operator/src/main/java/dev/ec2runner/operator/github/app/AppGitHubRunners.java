package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.github.RegistrationToken;
import dev.ec2runner.operator.github.WebhookDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link GitHubInstallation} for one GitHub App installation over GitHub's REST API (api.github.com
 * or GitHub Enterprise Server). github-api signs the App JWT; the runner, job and delivery endpoints, which
 * github-api lacks, go through {@code java.net.http}. Runner lists are revalidated with ETags, and the installation
 * token is cached until shortly before it expires.
 */
public final class AppGitHubRunners implements GitHubInstallation {

  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 1000;

  private final GitHubApi api;
  private final RunnerListCache runnerLists = new RunnerListCache();
  private final RunnerGroups groups;

  AppGitHubRunners(GitHubApi api) {
    this.api = api;
    this.groups = new RunnerGroups(api);
  }

  /**
   * @throws GitHubException.Unauthorized the private key is unusable (the message says why, never the key)
   */
  public static AppGitHubRunners create(GitHubAppCredentials credentials, HttpClient client, Clock clock,
      GitHubCallListener listener) throws GitHubException.Unauthorized {
    AppJwt jwt = new AppJwt(credentials.appId(), PrivateKeyPem.parse(credentials.privateKey()));
    GitHubHttp http = new GitHubHttp(client, listener, clock);
    URI apiUrl = credentials.apiUrl();
    InstallationTokens.Source tokenSource = new InstallationTokenRequest(apiUrl, credentials.appId(),
        credentials.installationId(), http, jwt, clock);
    return new AppGitHubRunners(new GitHubApi(apiUrl, http, jwt, tokenSource, credentials.enterpriseToken(), clock));
  }

  /** The installation's REST budget as GitHub last reported it; empty before the first installation call. */
  @Override
  public Optional<RateLimitBudget> rateLimit() {
    return api.budget();
  }

  @Override
  public JitConfig createJitConfig(PoolScope scope, JitConfigRequest request) throws GitHubException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", request.name());
    body.put("runner_group_id", request.runnerGroupId());
    body.put("labels", JitLabels.of(request.labels()));
    if (request.workFolder() != null) {
      body.put("work_folder", request.workFolder());
    }
    URI uri = api.uri(ScopePaths.actions(scope) + "/runners/generate-jitconfig");
    ApiResponse response = api.expectSuccess("POST", uri, api.asInstallation(scope, "POST",
        "POST " + ScopePaths.template(scope) + "/runners/generate-jitconfig", uri, body, null));
    JsonNode json = GitHubApi.parse(response, "generate-jitconfig");
    return new JitConfig(json.path("runner").path("id").asLong(), json.path("runner").path("name").asText(),
        Sensitive.of(json.path("encoded_jit_config").asText()));
  }

  @Override
  public List<GitHubRunner> listRunners(PoolScope scope) throws GitHubException {
    String endpoint = "GET " + ScopePaths.template(scope) + "/runners";
    List<RunnerListCache.Page> pages = new ArrayList<>();
    URI uri = api.uri(ScopePaths.actions(scope) + "/runners?per_page=" + PER_PAGE);
    while (uri != null) {
      if (pages.size() >= MAX_PAGES) {
        throw new GitHubException(0, endpoint + " returned more than " + MAX_PAGES + " pages");
      }
      RunnerListCache.Page cached = runnerLists.cached(scope.key(), pages.size(), uri);
      ApiResponse response = api.asInstallation(scope, "GET", endpoint, uri, null,
          cached == null ? null : cached.etag());
      RunnerListCache.Page page;
      if (response.status() == 304 && cached != null) {
        page = cached;
      } else {
        api.expectSuccess("GET", uri, response);
        page = new RunnerListCache.Page(uri, response.header("etag").orElse(null),
            runners(GitHubApi.parse(response, endpoint)), api.nextPage(response).orElse(null));
      }
      pages.add(page);
      uri = page.next();
    }
    runnerLists.store(scope.key(), pages);
    return pages.stream().flatMap(page -> page.runners().stream()).toList();
  }

  @Override
  public void deleteRunner(PoolScope scope, long runnerId) throws GitHubException {
    URI uri = api.uri(ScopePaths.actions(scope) + "/runners/" + runnerId);
    ApiResponse response = api.asInstallation(scope, "DELETE",
        "DELETE " + ScopePaths.template(scope) + "/runners/{runner_id}", uri, null, null);
    if (response.status() == 404 || response.isSuccess()) {
      return;
    }
    if (response.status() == 422) {
      throw new GitHubException.RunnerBusy("runner " + runnerId + " in " + scope.display()
          + " is running a job; GitHub refused to remove it: " + GitHubErrors.message(response));
    }
    throw api.failure("DELETE", uri, response);
  }

  @Override
  public Optional<JobStatus> jobStatus(String repository, long jobId) throws GitHubException {
    URI uri = api.uri(ScopePaths.repository(repository) + "/actions/jobs/" + jobId);
    ApiResponse response = api.asInstallation(null, "GET", "GET /repos/{owner}/{repo}/actions/jobs/{job_id}", uri,
        null, null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(job(GitHubApi.parse(api.expectSuccess("GET", uri, response), "get job")));
  }

  @Override
  public List<JobStatus> jobsOfRun(String repository, long runId) throws GitHubException {
    String endpoint = "GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs";
    List<JobStatus> jobs = new ArrayList<>();
    URI uri = api.uri(ScopePaths.repository(repository) + "/actions/runs/" + runId + "/jobs?filter=all&per_page="
        + PER_PAGE);
    for (int page = 0; uri != null; page++) {
      if (page >= MAX_PAGES) {
        throw new GitHubException(0, endpoint + " returned more than " + MAX_PAGES + " pages");
      }
      ApiResponse response = api.expectSuccess("GET", uri, api.asInstallation(null, "GET", endpoint, uri, null,
          null));
      GitHubApi.parse(response, endpoint).path("jobs").forEach(job -> jobs.add(job(job)));
      uri = api.nextPage(response).orElse(null);
    }
    return jobs;
  }

  /** GitHub's runner archives for the scope's runners, one entry per OS and architecture. */
  JsonNode runnerApplications(PoolScope scope) throws GitHubException {
    URI uri = api.uri(ScopePaths.actions(scope) + "/runners/downloads");
    ApiResponse response = api.expectSuccess("GET", uri, api.asInstallation(scope, "GET",
        "GET " + ScopePaths.template(scope) + "/runners/downloads", uri, null, null));
    return GitHubApi.parse(response, "runners/downloads");
  }

  @Override
  public long runnerGroupId(PoolScope scope, String groupName) throws GitHubException {
    return groups.id(scope, groupName);
  }

  @Override
  public Optional<Set<String>> runnerGroupRepositories(PoolScope scope, long groupId) throws GitHubException {
    return groups.repositories(scope, groupId);
  }

  @Override
  public RegistrationToken registrationToken(PoolScope scope) throws GitHubException {
    URI uri = api.uri(ScopePaths.actions(scope) + "/runners/registration-token");
    ApiResponse response = api.expectSuccess("POST", uri, api.asInstallation(scope, "POST",
        "POST " + ScopePaths.template(scope) + "/runners/registration-token", uri, null, null));
    JsonNode json = GitHubApi.parse(response, "registration-token");
    return new RegistrationToken(Sensitive.of(json.path("token").asText()),
        Instant.parse(json.path("expires_at").asText()));
  }

  @Override
  public void rerunJob(String repository, long jobId) throws GitHubException {
    URI uri = api.uri(ScopePaths.repository(repository) + "/actions/jobs/" + jobId + "/rerun");
    ApiResponse response = api.asInstallation(null, "POST",
        "POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", uri, null, null);
    if (response.status() == 403 && GitHubErrors.throttling(response, api.clock().instant()).isEmpty()) {
      throw new GitHubException(403, "GitHub refused to rerun job " + jobId + " of " + repository + ": "
          + GitHubErrors.message(response));
    }
    api.expectSuccess("POST", uri, response);
  }

  @Override
  public List<WebhookDelivery> failedDeliveries(Instant since) throws GitHubException {
    return DeliveryScan.neverDelivered(new DeliveryLog(api).since(since));
  }

  @Override
  public void redeliver(long deliveryId) throws GitHubException {
    URI uri = api.uri("/app/hook/deliveries/" + deliveryId + "/attempts");
    api.expectSuccess("POST", uri,
        api.asApp("POST", "POST /app/hook/deliveries/{delivery_id}/attempts", uri, null));
  }

  private static List<GitHubRunner> runners(JsonNode page) {
    List<GitHubRunner> runners = new ArrayList<>();
    for (JsonNode runner : page.path("runners")) {
      List<String> labels = new ArrayList<>();
      runner.path("labels").forEach(label -> labels.add(label.path("name").asText()));
      runners.add(new GitHubRunner(runner.path("id").asLong(), runner.path("name").asText(),
          "online".equals(runner.path("status").asText()), runner.path("busy").asBoolean(), labels));
    }
    return runners;
  }

  private static JobStatus job(JsonNode job) {
    return new JobStatus(job.path("id").asLong(), job.path("status").asText(), textOrNull(job.path("conclusion")),
        textOrNull(job.path("runner_name")));
  }

  private static String textOrNull(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asText();
  }
}
