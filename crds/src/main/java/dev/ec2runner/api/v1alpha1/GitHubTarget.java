package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** Where the pool's runners register on GitHub and which jobs they take. */
@ValidationRule(value = "[has(self.organization), has(self.repository), has(self.enterprise)].filter(x, x).size() == 1",
    message = "exactly one of organization, repository and enterprise must be set")
@ValidationRule(value = "!has(self.runnerGroup) || !has(self.repository)",
    message = "runnerGroup applies to organization and enterprise pools only; repository runners join the default group")
public class GitHubTarget {

  @JsonPropertyDescription("Organization whose jobs the pool serves; runners register at organization level. Exactly one of organization, repository and enterprise is set.")
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$")
  private String organization;

  @JsonPropertyDescription("Repository (owner/name) whose jobs the pool serves; runners register at repository level.")
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
  private String repository;

  @JsonPropertyDescription("Enterprise (slug) whose jobs the pool serves; runners register at enterprise level.")
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9-]{0,254})$")
  private String enterprise;

  @JsonPropertyDescription("Runner group (by name) the runners join; organization and enterprise pools only. Default: the scope's default group.")
  @Size(min = 1, max = 128)
  private String runnerGroup;

  @JsonPropertyDescription("The pool's custom runner labels. A job is served when each of its runs-on labels is one of these or an implicit label (self-hosted, the OS, the architecture), compared case-insensitively. Default: none (the pool serves jobs that ask only for implicit labels).")
  @Size(max = 64)
  @ValidationRule(value = "self.all(l, l.matches('^[^,[:space:]]{1,255}$'))", message = "labels must be 1-255 characters without commas or spaces")
  private List<@Size(max = 255) String> labels;

  @JsonPropertyDescription("Secret with the GitHub App credentials used to register and remove runners.")
  @Required
  private SecretReference appSecretRef;

  @JsonPropertyDescription("REST API base URL for GitHub Enterprise Server, e.g. https://github.example.com/api/v3. Default: https://api.github.com.")
  @Pattern("^https://[^\\s/]+(/[^\\s]*)?$")
  private String apiUrl;

  @JsonPropertyDescription("Also take label-less demand from check_run events in the pool's scope (the trigger of older setups; check runs carry no labels).")
  @Default("false")
  private Boolean acceptCheckRuns;

  public String getOrganization() {
    return organization;
  }

  public void setOrganization(String organization) {
    this.organization = organization;
  }

  public GitHubTarget withOrganization(String organization) {
    this.organization = organization;
    return this;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public GitHubTarget withRepository(String repository) {
    this.repository = repository;
    return this;
  }

  public String getEnterprise() {
    return enterprise;
  }

  public void setEnterprise(String enterprise) {
    this.enterprise = enterprise;
  }

  public GitHubTarget withEnterprise(String enterprise) {
    this.enterprise = enterprise;
    return this;
  }

  public String getRunnerGroup() {
    return runnerGroup;
  }

  public void setRunnerGroup(String runnerGroup) {
    this.runnerGroup = runnerGroup;
  }

  public GitHubTarget withRunnerGroup(String runnerGroup) {
    this.runnerGroup = runnerGroup;
    return this;
  }

  public List<String> getLabels() {
    return labels;
  }

  public void setLabels(List<String> labels) {
    this.labels = labels;
  }

  public GitHubTarget withLabels(List<String> labels) {
    this.labels = labels;
    return this;
  }

  public SecretReference getAppSecretRef() {
    return appSecretRef;
  }

  public void setAppSecretRef(SecretReference appSecretRef) {
    this.appSecretRef = appSecretRef;
  }

  public GitHubTarget withAppSecretRef(SecretReference appSecretRef) {
    this.appSecretRef = appSecretRef;
    return this;
  }

  public String getApiUrl() {
    return apiUrl;
  }

  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  public GitHubTarget withApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
    return this;
  }

  public Boolean getAcceptCheckRuns() {
    return acceptCheckRuns;
  }

  public void setAcceptCheckRuns(Boolean acceptCheckRuns) {
    this.acceptCheckRuns = acceptCheckRuns;
  }

  public GitHubTarget withAcceptCheckRuns(Boolean acceptCheckRuns) {
    this.acceptCheckRuns = acceptCheckRuns;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GitHubTarget)) {
      return false;
    }
    GitHubTarget that = (GitHubTarget) o;
    return Objects.equals(organization, that.organization)
        && Objects.equals(repository, that.repository)
        && Objects.equals(enterprise, that.enterprise)
        && Objects.equals(runnerGroup, that.runnerGroup)
        && Objects.equals(labels, that.labels)
        && Objects.equals(appSecretRef, that.appSecretRef)
        && Objects.equals(apiUrl, that.apiUrl)
        && Objects.equals(acceptCheckRuns, that.acceptCheckRuns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(organization, repository, enterprise, runnerGroup, labels, appSecretRef, apiUrl, acceptCheckRuns);
  }

  @Override
  public String toString() {
    return "GitHubTarget{" + "organization=" + organization + ", "
        + "repository=" + repository + ", "
        + "enterprise=" + enterprise + ", "
        + "runnerGroup=" + runnerGroup + ", "
        + "labels=" + labels + ", "
        + "appSecretRef=" + appSecretRef + ", "
        + "apiUrl=" + apiUrl + ", "
        + "acceptCheckRuns=" + acceptCheckRuns + "}";
  }
}
