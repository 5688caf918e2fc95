package dev.ec2runner.operator.github.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Builds {@code workflow_job} webhook payloads shaped like GitHub's (see the examples of {@code
 * @octokit/webhooks-examples}): the job, the repository, its organization and enterprise, the installation and the
 * sender.
 */
public final class WorkflowJobPayload {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "https://api.github.com";
  private static final String WEB = "https://github.com";

  private WorkflowJobPayload() {
  }

  public static byte[] build(String action, SimJob job, Accounts.Repository repository, Accounts.Organization organization,
      Accounts.Enterprise enterprise, long installationId) {
    ObjectNode root = JSON.createObjectNode();
    root.put("action", action);
    root.set("workflow_job", job(job));
    root.set("repository", repository(repository, organization));
    if (organization != null) {
      root.set("organization", organization(organization));
    }
    if (enterprise != null) {
      ObjectNode node = root.putObject("enterprise");
      node.put("id", enterprise.id());
      node.put("slug", enterprise.slug());
      node.put("name", enterprise.slug());
      node.put("node_id", nodeId("Enterprise", enterprise.id()));
      node.put("html_url", WEB + "/enterprises/" + enterprise.slug());
    }
    ObjectNode installation = root.putObject("installation");
    installation.put("id", installationId);
    installation.put("node_id", nodeId("Installation", installationId));
    ObjectNode sender = root.putObject("sender");
    sender.put("login", "octocat");
    sender.put("id", 583231);
    sender.put("node_id", nodeId("User", 583231));
    sender.put("type", "User");
    sender.put("site_admin", false);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode job(SimJob job) {
    String repoApi = API + "/repos/" + job.repository;
    ObjectNode node = JSON.createObjectNode();
    node.put("id", job.id);
    node.put("run_id", job.runId);
    node.put("workflow_name", job.workflowName);
    node.put("head_branch", "main");
    node.put("run_url", repoApi + "/actions/runs/" + job.runId);
    node.put("run_attempt", job.runAttempt);
    node.put("node_id", nodeId("WorkflowJob", job.id));
    node.put("head_sha", job.headSha);
    node.put("url", repoApi + "/actions/jobs/" + job.id);
    node.put("html_url", WEB + "/" + job.repository + "/actions/runs/" + job.runId + "/job/" + job.id);
    node.put("status", job.status());
    node.put("conclusion", job.conclusion());
    node.put("created_at", time(job.createdAt));
    node.put("started_at", time(job.startedAt() == null ? job.createdAt : job.startedAt()));
    node.put("completed_at", job.completedAt() == null ? null : time(job.completedAt()));
    node.put("name", job.name);
    node.putArray("steps");
    node.put("check_run_url", repoApi + "/check-runs/" + job.id);
    job.labels.forEach(node.putArray("labels")::add);
    node.put("runner_id", job.runnerId());
    node.put("runner_name", job.runnerName());
    node.put("runner_group_id", job.runnerGroupId());
    node.put("runner_group_name", job.runnerGroupName());
    return node;
  }

  private static ObjectNode repository(Accounts.Repository repository, Accounts.Organization organization) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", repository.id());
    node.put("node_id", nodeId("Repository", repository.id()));
    node.put("name", repository.fullName().substring(repository.owner().length() + 1));
    node.put("full_name", repository.fullName());
    node.put("private", true);
    ObjectNode owner = node.putObject("owner");
    owner.put("login", repository.owner());
    owner.put("id", organization == null ? repository.id() + 1 : organization.id());
    owner.put("type", organization == null ? "User" : "Organization");
    owner.put("url", API + "/users/" + repository.owner());
    owner.put("html_url", WEB + "/" + repository.owner());
    owner.put("site_admin", false);
    node.put("html_url", WEB + "/" + repository.fullName());
    node.put("description", (String) null);
    node.put("fork", false);
    node.put("url", API + "/repos/" + repository.fullName());
    node.put("default_branch", "main");
    node.put("visibility", "private");
    return node;
  }

  private static ObjectNode organization(Accounts.Organization organization) {
    ObjectNode node = JSON.createObjectNode();
    node.put("login", organization.login());
    node.put("id", organization.id());
    node.put("node_id", nodeId("Organization", organization.id()));
    node.put("url", API + "/orgs/" + organization.login());
    node.put("repos_url", API + "/orgs/" + organization.login() + "/repos");
    node.put("description", "");
    return node;
  }

  public static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String nodeId(String type, long id) {
    return Base64.getEncoder().encodeToString((type + id).getBytes(StandardCharsets.UTF_8));
  }
}
