package dev.ec2runner.simulator.github;

import static dev.ec2runner.simulator.github.GitHubFixture.ENTERPRISE;
import static dev.ec2runner.simulator.github.GitHubFixture.REPO;
import static dev.ec2runner.simulator.github.ServedGitHub.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.JobStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Job state, job reruns, runner groups and registration tokens through the adapter, beyond
 * {@link AppGitHubContractIT}: visibility, paging, caching and 304s, the enterprise token, run attempts.
 */
class AppGitHubJobsIT {

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();

  @Test
  void jobsOfARepositoryTheAppCannotSeeAreHidden() throws Exception {
    long job = fixture.github.queueJob("other/thing", List.of("linux"));
    long invisibleRun = fixture.github.job(job).orElseThrow().runId();

    assertThat(fixture.adapter.jobStatus("other/thing", job)).isEmpty();
    assertThatThrownBy(() -> fixture.adapter.jobsOfRun("other/thing", invisibleRun))
        .isInstanceOf(GitHubException.NotFound.class);
  }

  @Test
  void aRunsJobsComeInOneListingPageByPageWithEveryAttempt() throws Exception {
    List<Long> ids = fixture.github.queueRun("acme/app", List.of("self-hosted", "linux"), 150);
    long runId = fixture.github.job(ids.get(0)).orElseThrow().runId();
    fixture.github.cancelJob(ids.get(0));
    JitConfig jit = fixture.adapter.createJitConfig(ORG, new JitConfigRequest("run-aaaaa", 1, List.of("linux"), null));
    fixture.github.startRunner(jit.encodedConfig().reveal());
    long running = fixture.github.assignJob("run-aaaaa").orElseThrow();
    fixture.github.completeJob(running, "failure");
    fixture.adapter.rerunJob("acme/app", running);

    List<JobStatus> jobs = fixture.adapter.jobsOfRun("acme/app", runId);

    assertThat(jobs).hasSize(151);
    assertThat(jobs).filteredOn(j -> j.jobId() == ids.get(0)).singleElement()
        .isEqualTo(new JobStatus(ids.get(0), "completed", "cancelled", null));
    assertThat(jobs).filteredOn(j -> j.jobId() == running).singleElement()
        .satisfies(j -> assertThat(j.conclusion()).isEqualTo("failure"));
    assertThat(jobs).filteredOn(JobStatus::isQueued).hasSize(149);
    assertThat(fixture.github.calls().count("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs")).isEqualTo(2);
  }

  @Test
  void aCompletedJobIsRerunAsANewAttempt() throws Exception {
    long job = fixture.github.queueJob("acme/app", List.of("linux"));
    JitConfig jit = fixture.adapter.createJitConfig(REPO, new JitConfigRequest("rr-aaaaa", 1, List.of("linux"), null));
    fixture.github.startRunner(jit.encodedConfig().reveal());
    fixture.github.assignJob("rr-aaaaa");

    fixture.github.disconnectRunner("rr-aaaaa");
    fixture.adapter.rerunJob("acme/app", job);

    assertThat(fixture.github.jobs()).hasSize(2).last().satisfies(rerun -> {
      assertThat(rerun.id()).isNotEqualTo(job);
      assertThat(rerun.runAttempt()).isEqualTo(2);
      assertThat(rerun.status()).isEqualTo("queued");
    });
  }

  @Test
  void theDefaultGroupCostsNoCallAndOneListingResolvesANamedGroup() throws Exception {
    long gpu = fixture.github.addRunnerGroup(ORG, "GPU runners");
    long entGroup = fixture.github.addRunnerGroup(ENTERPRISE, "shared");

    assertThat(fixture.adapter.runnerGroupId(ORG, null)).isEqualTo(1);
    assertThat(fixture.adapter.runnerGroupId(ORG, "Default")).isEqualTo(1);
    assertThat(fixture.github.calls().all()).isEmpty();
    assertThat(fixture.adapter.runnerGroupId(ORG, "gpu RUNNERS")).isEqualTo(gpu);
    assertThat(fixture.adapter.runnerGroupId(ORG, "GPU runners")).isEqualTo(gpu);
    assertThat(fixture.github.calls().count("GET /orgs/{org}/actions/runner-groups")).isEqualTo(1);
    assertThat(fixture.adapter.runnerGroupId(ENTERPRISE, "shared")).isEqualTo(entGroup);
  }

  @Test
  void resolvedGroupsAreRememberedForAWhile() throws Exception {
    fixture.github.addRunnerGroup(ORG, "gpu");
    fixture.adapter.runnerGroupId(ORG, "gpu");
    fixture.clock.advance(Duration.ofMinutes(11));

    fixture.adapter.runnerGroupId(ORG, "gpu");

    assertThat(fixture.github.calls().count("GET /orgs/{org}/actions/runner-groups")).isEqualTo(2);
  }

  @Test
  void aGroupLimitedToSelectedRepositoriesListsThemAndAnUnchangedListCostsA304() throws Exception {
    long gpu = fixture.github.addRunnerGroup(ORG, "gpu");
    fixture.github.addRepository("acme/tools");

    assertThat(fixture.adapter.runnerGroupRepositories(ORG, gpu)).isEmpty();
    fixture.github.restrictRunnerGroup(ORG, gpu, "Acme/App", "acme/tools");

    assertThat(fixture.adapter.runnerGroupRepositories(ORG, gpu)).contains(java.util.Set.of("acme/app", "acme/tools"));
    assertThat(fixture.adapter.runnerGroupRepositories(ORG, gpu)).contains(java.util.Set.of("acme/app", "acme/tools"));
    String repositories = "GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories";
    assertThat(fixture.github.calls().count(repositories)).isEqualTo(2);
    assertThat(fixture.github.calls().count(repositories, 304)).isEqualTo(1);
    assertThat(fixture.github.calls().count("GET /orgs/{org}/actions/runner-groups", 304)).isEqualTo(1);
  }

  @Test
  void anEnterpriseRegistrationTokenUsesTheEnterpriseToken() throws Exception {
    assertThat(fixture.adapter.registrationToken(ENTERPRISE).token().reveal()).isNotBlank();
    assertThat(fixture.github.calls().count(
        "POST /enterprises/{enterprise}/actions/runners/registration-token", 201)).isEqualTo(1);
  }
}
